#!/usr/bin/env python3
"""Connect, create a table, insert with parameters in a transaction, stream the rows back.

    python3 query.py 'informix://informix:in4mix@127.0.0.1:9088/stores?server=ifxlite&tls=disable'
"""
import decimal
import sys

import informix_db

with informix_db.connect(sys.argv[1]) as conn:          # commits when the block ends
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE city (id SERIAL, name VARCHAR(40), rate DECIMAL(8,3))")
    cur.executemany("INSERT INTO city (name, rate) VALUES (?, ?)",
                    [("Lenexa", decimal.Decimal("1.250")), ("Olathe", None), ("Prairie Village", 2)])
    cur.execute("INSERT INTO city (name, rate) VALUES (?, ?)", ("Merriam", decimal.Decimal("0.5")))
    print("last id:", cur.lastrowid)
    cur.execute("SELECT id, name, rate FROM city WHERE id > :1 ORDER BY id", (0,))
    print([d[0] for d in cur.description])
    for id, name, rate in cur:                          # streams from a server cursor
        print(id, name, rate)
