"""A TCP proxy that adds latency: one listening port per endpoint, each forwarding to an upstream port with a one-way
delay of its own applied to every chunk in both directions (order kept). Used by ManyHosts.Bench.ps1 to give 20
libvirt endpoints different network latencies without tc/netem.

usage: delayproxy.py <upstream-port>:<delay-ms> ...   prints the listening ports, one per line, then "ready".
"""
import asyncio
import sys


async def pump(reader, writer, delay):
    queue = asyncio.Queue()

    async def deliver():
        loop = asyncio.get_running_loop()
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()

    task = asyncio.create_task(deliver())
    loop = asyncio.get_running_loop()
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            queue.put_nowait((loop.time() + delay, data))
    except (ConnectionError, OSError):
        pass
    queue.put_nowait((0, None))
    try:
        await task
    except (ConnectionError, OSError):
        pass


async def serve(upstream, delay):
    async def handle(client_reader, client_writer):
        try:
            up_reader, up_writer = await asyncio.open_connection('127.0.0.1', upstream)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pump(client_reader, up_writer, delay), pump(up_reader, client_writer, delay))

    server = await asyncio.start_server(handle, '127.0.0.1', 0)
    return server


async def main():
    servers = []
    for spec in sys.argv[1:]:
        port, ms = spec.split(':')
        server = await serve(int(port), int(ms) / 1000.0)
        servers.append(server)
        print(server.sockets[0].getsockname()[1], flush=True)
    print('ready', flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


asyncio.run(main())
