def test_select_one(conn):
    cur = conn.cursor()
    cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    assert cur.fetchall() == [(1,)]
