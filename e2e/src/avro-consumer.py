"""A consumer that is not ours: reads a topic from its beginning with Python confluent-kafka and the
registry's Avro deserializer, given only the broker address and the registry URL, and prints one JSON line
per message: its eventId header and every string of the decoded value as hex of its UTF-8 bytes.

    avro-consumer.py BROKERS REGISTRY_URL TOPIC EXPECTED_COUNT
"""
import json
import signal
import sys
import time

from confluent_kafka import Consumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)


def main():
    brokers, registry_url, topic, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    started, progress = time.monotonic(), {"phase": "starting", "seen": 0}

    def log(phase):
        # Progress on stderr, so a slow or stuck run says where it was.
        progress["phase"] = phase
        print(f"{time.monotonic() - started:6.1f}s {phase} ({progress['seen']} of {expected} decoded)", file=sys.stderr, flush=True)

    def give_up(_signum, _frame):
        log("gave up: no end within 200 s")
        sys.exit(3)

    # A hung close or registry call must end the process, not the test run, and say where it hung.
    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(200)
    deserialize = AvroDeserializer(SchemaRegistryClient({"url": registry_url, "timeout": 30}))
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": f"python-{topic}", "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    log("subscribed")
    deadline = time.monotonic() + 150
    while progress["seen"] < expected and time.monotonic() < deadline:
        message = consumer.poll(1.0)
        if message is None:
            continue
        if message.error():
            raise RuntimeError(message.error())
        if progress["seen"] == 0:
            log("first message")
        value = deserialize(message.value(), SerializationContext(topic, MessageField.VALUE))
        headers = {key: raw.decode("utf-8") for key, raw in (message.headers() or [])}
        print(json.dumps({"eventId": headers["eventId"], "strings": [text.encode("utf-8").hex() for text in strings(value)]}), flush=True)
        progress["seen"] += 1
    log("closing")
    consumer.close()
    if progress["seen"] < expected:
        sys.exit(f"decoded {progress['seen']} of {expected} messages within 150 s")


main()
