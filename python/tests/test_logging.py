"""The protocol trace goes to the "informix_db" logger at DEBUG, with the password masked."""
import logging


def test_trace_at_debug_masks_the_password(server, caplog):
    with caplog.at_level(logging.DEBUG, logger="informix_db"):
        with server.connect(password=server.kwargs().get("password", "in4mix")) as c:
            c.cursor().execute("SELECT COUNT(*) FROM systables")
    lines = [r.getMessage() for r in caplog.records if r.name == "informix_db"]
    assert len(lines) > 3
    assert any("SQ_" in line or "login" in line.lower() for line in lines)
    assert not any("in4mix" in line for line in lines)


def test_no_trace_unless_debug(server, caplog):
    with caplog.at_level(logging.INFO, logger="informix_db"):
        with server.connect() as c:
            c.cursor().execute("SELECT COUNT(*) FROM systables")
    assert not [r for r in caplog.records if r.name == "informix_db" and r.levelno == logging.DEBUG]
