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
    signal.alarm(100)  # a hung close or registry call must end the process, not the test run
    deserialize = AvroDeserializer(SchemaRegistryClient({"url": registry_url}))
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": f"python-{topic}", "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    seen, deadline = 0, time.monotonic() + 60
    while seen < expected and time.monotonic() < deadline:
        message = consumer.poll(1.0)
        if message is None:
            continue
        if message.error():
            raise RuntimeError(message.error())
        value = deserialize(message.value(), SerializationContext(topic, MessageField.VALUE))
        headers = {key: raw.decode("utf-8") for key, raw in (message.headers() or [])}
        print(json.dumps({"eventId": headers["eventId"], "strings": [text.encode("utf-8").hex() for text in strings(value)]}), flush=True)
        seen += 1
    consumer.close()
    if seen < expected:
        sys.exit(f"decoded {seen} of {expected} messages within 60 s")


main()
