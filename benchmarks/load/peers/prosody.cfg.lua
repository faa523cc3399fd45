-- Prosody 0.12 for the Parlance load benchmark (run.sh replaces __DIR__ with its data folder and __CERTS__
-- with the folder of the self-signed certificate; it starts prosody -F --config <this file>).
-- Loopback only, no rate limits, SCRAM iterations 4096 (as Parlance), TLS with a self-signed certificate,
-- in-band registration open for the benchmark accounts.
run_as_root = true
pidfile = "__DIR__/prosody.pid"
data_path = "__DIR__/data"
log = { warn = "__DIR__/prosody.log" }

interfaces = { "127.0.0.1" }
c2s_ports = { 25222 }
c2s_direct_tls_ports = { }
s2s_ports = { }
http_ports = { }
https_ports = { }
network_backend = "epoll"
certificates = "__CERTS__"

modules_enabled = {
  "roster"; "saslauth"; "tls"; "disco"; "private"; "version"; "time"; "ping"; "register";
}
modules_disabled = { "s2s"; }

authentication = "internal_hashed"
default_iteration_count = 4096      -- SCRAM iterations, same as Parlance's default
storage = "internal"
c2s_require_encryption = true
allow_registration = true
registration_allowlist = { "127.0.0.1" }   -- no registration throttle from loopback (mod_register_limits)
min_seconds_between_registrations = 0
-- mod_limits is not loaded: no c2s rate limits
c2s_stanza_size_limit = 262144

ssl = {
  certificate = "__CERTS__/localhost.crt";
  key = "__CERTS__/localhost.key";
}

VirtualHost "localhost"

-- Scenario 4 (MUC fan-out): XEP-0045 rooms on conference.localhost with the stock settings of the three servers
-- made equal: 20 messages of history kept per room (Prosody's and ejabberd's default; joiners ask for none),
-- no occupant limit below the benchmark's 50, rooms not persistent, no MAM, no rate limits (mod_muc_limits is
-- not loaded). XEP-0421 occupant ids stay on (Prosody 0.12's default; Parlance adds them too, ejabberd 23.01 cannot).
Component "conference.localhost" "muc"
  restrict_room_creation = false
  muc_room_default_history_length = 20
  max_history_messages = 20
  muc_room_default_persistent = false
  muc_occupant_id = true
  muc_tombstones = false
