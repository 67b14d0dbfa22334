"""`invoke report`: one self-contained HTML page of the campus network (campusnet.overview.page)."""
