DROP TABLE client_nonces;
DROP TABLE client_sessions;
DROP TABLE identities;
DROP TABLE games;
