"""The app factory's wiring: every service built once, every guided dialogue registered once
with the feature that finishes it. Handlers reach the result through `bot_data["deps"]`."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.broadcast import Broadcasting
from bot.broadcast.composer import Composer
from bot.broadcast.live_status import ProgressBoard
from bot.broadcast.reminders import QuietHours, Reminders
from bot.broadcast.script import BROADCAST
from bot.broadcast.timing import parse_clock
from bot.broadcast.worker import DeliveryWorker, WorkerConfig
from bot.dialogue.scripts import REGISTRATION
from bot.export.service import Exports
from bot.opd.choosing import NOTICE_KIND as QUICK_WIN_NOTICE
from bot.opd.choosing import Shortlist
from bot.opd.desk import Desk
from bot.opd.indicator import ResponseIndicator
from bot.opd.notices import KIND as RESPONSE_NOTICE
from bot.opd.reminders import OpdReminders
from bot.opd.script import FLOWS as RESPONSE_FLOWS
from bot.participants.notices import Notices
from bot.participants.retention import Retention, policy_of
from bot.participants.service import Conversation
from bot.phases import Phase
from bot.priorities.service import KIND as PRIORITISE
from bot.priorities.service import Priorities
from bot.proposals.moderation import Moderation
from bot.proposals.script import PROPOSAL
from bot.proposals.status_notices import StatusNotices
from bot.proposals.supporting import SimilarStep
from bot.reference import Reference, load_reference
from bot.results.feedback import Feedback
from bot.results.script import COMMENT
from bot.results.service import KIND as RESULTS_LETTER
from bot.results.service import Results
from bot.roles import StaffOf, staff_lookup
from bot.settings import Settings
from bot.staff.coordination import Coordination
from bot.staff.mandates import Mandates
from bot.staff.phase_watcher import PhaseWatcher
from bot.staff.rounds import Rounds
from bot.staff.scripts import DECLINE, HIDE, MERGE, RESULTS_DATE, ROUND
from bot.stats import Statistics
from bot.transport.files import Files
from bot.transport.outbox import Outbox
from bot.transport.pacing import Pace
from bot.transport.turn import UpdateTurn
from storage.db import Database
from storage.queries.mandates import NOTICE_KIND as MANDATE_NOTICE

Clock = Callable[[], datetime]
# With several workers a row 'sending' may be another's send: only a stale one (no send takes
# this long; PTB's timeouts end it sooner) was left by a worker that died.
IN_FLIGHT_GRACE = 120.0


@dataclass(frozen=True)
class Deps:
    settings: Settings
    database: Database
    turn: UpdateTurn
    conversation: Conversation
    coordination: Coordination
    broadcasting: Broadcasting
    exports: Exports
    rounds: Rounds
    moderation: Moderation
    statistics: Statistics
    notices: StatusNotices  # tells participants about status changes
    retention: Retention  # erases personal data after RETENTION_UNTIL, warns admins before
    owed_notices: Notices  # tells participants of tanggapan, quick wins, mandates
    shortlist: Shortlist  # /quickwin: the quick-win shortlist, choosing quick wins
    desk: Desk  # the OPD desk (/meja): the proposals of one perangkat daerah, tanggapan
    indicator: ResponseIndicator  # /tanggapan_pd
    opd_reminders: OpdReminders  # reminds OPD staff of proposals waiting for a tanggapan
    mandates: Mandates  # coordinators confirm representatives' mandates (/mandat)
    phase_watcher: PhaseWatcher  # announces a round's phase that begins by its date
    priorities: Priorities  # "A atau B?" (/prioritas), its invitation and reminders
    results: Results  # a round's results to every kecamatan (/hasil), the feedback on them


def build_deps(
    settings: Settings, database: Database, pace: Pace, outbox: Outbox, files: Files
) -> Deps:
    conversation = Conversation(
        load_reference(), settings.default_locale, kept_until=settings.retention_until
    )
    reference, dialogues = conversation.reference, conversation.dialogues
    # Two clocks, as before the wiring was gathered here: rounds, moderation, statistics,
    # exports and status notices keep the clock the conversation started with; the turn,
    # broadcasts and retention read the conversation's at each call (tests move it).
    clock = conversation.clock

    def moved_clock() -> datetime:
        return conversation.clock()

    staff_of = staff_lookup(settings.admin_ids)
    notices = StatusNotices(database, clock, outbox)
    rounds = Rounds(dialogues, staff_of, clock)
    moderation = Moderation(reference, dialogues, staff_of, clock, notices.wake_after_commit)
    broadcasting = _broadcasting(
        settings, database, conversation, pace, outbox, staff_of, moved_clock
    )
    owing = _owing(
        conversation, staff_of, (clock, moved_clock), Notices(database, moved_clock, outbox)
    )
    results = _results(conversation, staff_of, moved_clock, broadcasting)
    priorities = _priorities(settings, reference, staff_of, moved_clock, broadcasting)
    rounds.phases.on(Phase.PRIORITISE, priorities.invite)
    rounds.phases.on(Phase.RESULTS, results.queue)
    _register_flows(conversation, rounds, moderation, broadcasting.composer, owing.desk)
    conversation.guide.register(COMMENT, results.feedback.finish)
    return Deps(
        settings,
        database,
        UpdateTurn(
            database,
            conversation.who,
            moved_clock,
            shared=settings.workers > 1 and not database.is_sqlite,
        ),
        conversation,
        Coordination(reference, staff_of, clock),
        broadcasting,
        Exports(reference, database.url, staff_of, clock=clock, files=files),
        rounds,
        moderation,
        Statistics(reference, staff_of, clock),
        notices,
        _retention(settings, database, moved_clock, outbox),
        owing.notices,
        owing.shortlist,
        owing.desk,
        ResponseIndicator(reference, staff_of),
        _opd_reminders(settings, database, reference, moved_clock, outbox),
        owing.mandates,
        PhaseWatcher(
            database,
            rounds.phases,
            settings.admin_ids,
            settings.default_locale,
            moved_clock,
            outbox,
            broadcasting.worker.progress.report_late,
        ),
        priorities,
        results,
    )


def _results(
    conversation: Conversation, staff_of: StaffOf, clock: Clock, broadcasting: Broadcasting
) -> Results:
    """The results and their feedback; each recipient's letter written as it is sent."""
    reference, dialogues = conversation.reference, conversation.dialogues
    feedback = Feedback(reference, dialogues, staff_of, clock)
    results = Results(reference, staff_of, clock, feedback)
    broadcasting.worker.register(RESULTS_LETTER, results.letter)
    return results


@dataclass(frozen=True)
class _Owing:
    """The notices owed to participants, and the features that owe them."""

    notices: Notices
    shortlist: Shortlist
    desk: Desk
    mandates: Mandates


def _owing(
    conversation: Conversation, staff_of: StaffOf, clocks: tuple[Clock, Clock], notices: Notices
) -> _Owing:
    """Each feature that owes participants a notice, registered with how its kind reads.
    `clocks`: the conversation's first clock, and one that follows it (the desk's)."""
    clock, moved_clock = clocks
    reference, owed = conversation.reference, notices.wake_after_commit
    shortlist = Shortlist(reference, staff_of, clock, owed)
    desk = Desk(reference, conversation.dialogues, staff_of, moved_clock, owed)
    mandates = Mandates(reference, staff_of, clock, owed)
    notices.register(QUICK_WIN_NOTICE, shortlist.render_notice)
    notices.register(RESPONSE_NOTICE, desk.notices.render)
    notices.register(MANDATE_NOTICE, mandates.render_notice)
    conversation.mine.responses_of = desk.history_of  # /usulanku shows the tanggapan
    return _Owing(notices, shortlist, desk, mandates)


def _priorities(
    settings: Settings,
    reference: Reference,
    staff_of: StaffOf,
    clock: Clock,
    broadcasting: Broadcasting,
) -> Priorities:
    """Its invitations and reminders are broadcasts written per recipient by `letter`."""
    worker = broadcasting.worker
    quiet = _quiet_hours(settings)
    priorities = Priorities(reference, staff_of, clock, quiet.next_allowed, worker.wake)
    worker.register(PRIORITISE, priorities.letter)
    return priorities


def _retention(settings: Settings, database: Database, clock: Clock, outbox: Outbox) -> Retention:
    policy = policy_of(settings.retention_until, settings.timezone)
    admins, locale = settings.admin_ids, settings.default_locale
    return Retention(database, policy, admins, locale, clock, outbox)


def _quiet_hours(settings: Settings) -> QuietHours:
    tz = zoneinfo.ZoneInfo(settings.timezone)
    start, end = parse_clock(settings.quiet_hours_start), parse_clock(settings.quiet_hours_end)
    return QuietHours(start, end, tz)


def _opd_reminders(
    settings: Settings, database: Database, reference: Reference, clock: Clock, outbox: Outbox
) -> OpdReminders:
    days, quiet, locale = (
        settings.opd_reminder_days,
        _quiet_hours(settings),
        settings.default_locale,
    )
    return OpdReminders(database, reference, days, quiet, locale, clock, outbox)


def _register_flows(
    conversation: Conversation,
    rounds: Rounds,
    moderation: Moderation,
    composer: Composer,
    desk: Desk,
) -> None:
    """Every guided dialogue the bot runs, each with the feature that finishes it."""
    guide = conversation.guide
    guide.register(REGISTRATION, conversation.registration_finished, conversation.profile_abandoned)
    similar = SimilarStep(conversation.proposing, conversation.clock)
    guide.register(PROPOSAL, conversation.proposal_submitted, preparer=similar.prepare)
    guide.register(ROUND, rounds.finish)
    guide.register(RESULTS_DATE, rounds.finish)
    for flow in (HIDE, DECLINE, MERGE):
        guide.register(flow, moderation.finish)
    guide.register(BROADCAST, composer.finished, composer.abandoned)
    for flow in RESPONSE_FLOWS.values():
        guide.register(flow, desk.finish)


def _broadcasting(
    settings: Settings,
    database: Database,
    conversation: Conversation,
    pace: Pace,
    outbox: Outbox,
    staff_of: StaffOf,
    clock: Clock,
) -> Broadcasting:
    quiet = _quiet_hours(settings)
    tz = zoneinfo.ZoneInfo(settings.timezone)
    board = ProgressBoard(database, staff_of, settings.broadcast_rate, clock, outbox)
    grace = IN_FLIGHT_GRACE if settings.workers > 1 else 0.0
    config = WorkerConfig(settings.broadcast_concurrency, quiet, grace)
    worker = DeliveryWorker(database, pace, board, config, clock, outbox)
    reference, dialogues = conversation.reference, conversation.dialogues
    composer = Composer(reference, dialogues, staff_of, clock, tz, worker.wake)
    idle_hours = settings.reminder_idle_hours
    reminders = Reminders(reference, idle_hours, quiet, clock, worker.wake, staff_of)
    return Broadcasting(composer, reminders, worker, staff_of, clock)
