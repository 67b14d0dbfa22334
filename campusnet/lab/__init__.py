"""Local test lab: the podman base image and the settings every container run shares."""
