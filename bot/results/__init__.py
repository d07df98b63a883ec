"""Results back to every kecamatan (issue 13, part 3).

In a round's *hasil* phase each registered participant receives their kecamatan's results on
one phone screen, in their language: how many took part, the top priorities (the residents'
"A atau B?" order from bot.priorities.standings, thin ones marked), what the perangkat daerah
answered for those, the quick wins chosen for the regency, their own proposals' status; *Lihat
semua* pages the rest; *Ya* / *Sebagian* / *Tidak* answers "does it represent your kecamatan?"
(one ResultFeedback row per round and person) with an optional sentence.

The letter goes out as a broadcast of kind "results" (service.KIND): one Delivery row per
recipient, each message written for its recipient as it is sent (a Letter registered on the
DeliveryWorker), so the pace, the exactly-once claim and the resumption after a crash are the
broadcast machinery's. The order of a kecamatan is fitted once and kept by `Results` (votes are
closed in hasil), not once per recipient. A coordinator's /hasil in a group posts the same
figures without anything personal: no own proposals, no names, no buttons.
"""
