-- Open RADIUS sessions (accounting Start/Interim/Stop): what campusnet-radius-coa reads to
-- reach the switch or access point that holds a machine. No name, no address: the MAC,
-- the NAS, the session id the NAS gave, and a MAC or pseudonymous id as the user.
CREATE TABLE IF NOT EXISTS sessions (
    nas TEXT NOT NULL,
    nas_address TEXT NOT NULL,
    session_id TEXT NOT NULL,
    mac TEXT NOT NULL,
    calling_station TEXT NOT NULL,
    user TEXT NOT NULL,
    started INTEGER NOT NULL,
    stopped INTEGER,
    PRIMARY KEY (nas, session_id)
);
CREATE INDEX IF NOT EXISTS sessions_mac ON sessions (mac);
