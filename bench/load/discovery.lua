-- wrk script: GET of the discovery document, an answer with no crypto, no database and no audit.
-- It measures what the HTTP stack alone costs per request (the floor under every endpoint).
dofile("bench/load/result.lua")
