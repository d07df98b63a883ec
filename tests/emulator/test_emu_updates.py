"""The update queue: offsets, limits and redelivery."""

from emulator.updates import UpdateQueue


def ids(batch: list[dict[str, object]]) -> list[object]:
    return [u["update_id"] for u in batch]


def test_unconfirmed_updates_come_back_until_offset_passes_them() -> None:
    queue = UpdateQueue(first_update_id=1)
    for n in range(3):
        queue.push("message", {"n": n})
    assert ids(queue.take(2)) == [1, 2]
    assert ids(queue.take(100)) == [1, 2, 3]
    queue.confirm(3)
    assert ids(queue.take(100)) == [3]
    queue.confirm(4)
    assert queue.take(100) == []


def test_redelivered_update_survives_a_later_offset() -> None:
    queue = UpdateQueue(first_update_id=1)
    first = queue.push("message", {"text": "a"})
    queue.push("message", {"text": "b"})
    queue.take(100)
    queue.confirm(3)
    queue.redeliver(first)
    queue.confirm(3)
    assert queue.take(100) == [{"update_id": 1, "message": {"text": "a"}}]
    queue.confirm(2)
    assert queue.take(100) == []


def test_allowed_updates_filter() -> None:
    queue = UpdateQueue(first_update_id=1)
    queue.push("message", {})
    queue.push("my_chat_member", {})
    queue.set_allowed(["message"])
    assert ids(queue.take(100)) == [1]
