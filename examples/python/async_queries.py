#!/usr/bin/env python3
"""100 concurrent queries on one asyncio loop through an async pool; one with a timeout.

    python3 async_queries.py URL
"""
import asyncio
import sys

from informix_db import aio


async def main(url):
    async with await aio.create_pool(min_size=2, max_size=8, url=url, autocommit=True) as pool:
        async def one(i):
            async with pool.connection() as conn:
                cur = await conn.cursor()
                await cur.execute("SELECT COUNT(*) FROM systables WHERE tabid > ?", (i % 5,))
                return (await cur.fetchone())[0]

        counts = await asyncio.gather(*(one(i) for i in range(100)))
        print("answers:", len(counts), "stats:", pool.stats())
        try:
            await asyncio.wait_for(one(0), timeout=5)   # a cancelled query closes its connection
        except asyncio.TimeoutError:
            print("timed out")


asyncio.run(main(sys.argv[1]))
