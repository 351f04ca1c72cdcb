package dev.resiliency.hedged;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The timer of one {@link Hedged}'s blocking calls: it wakes a {@link SyncRun} waiting for its next event when the
 * hedge delay or the deadline runs out, and a {@link CallerRun} whose primary is still running when its next hedge
 * or its deadline is due.
 *
 * <p>Why not a timed wait, or one scheduler timer per call: both arm a kernel timer per call, and a short one
 * (hedge delays are often a millisecond or two) becomes the CPU's next timer event, which in a virtual machine costs
 * a trap to the hypervisor to reprogram (measured: about 1 µs of CPU per call here). A scheduler timer also takes
 * the scheduler's lock twice, allocates, and wakes its thread. Most calls end long before their hedge delay, so
 * timers are coalesced instead: an entry registers itself with one CAS (an intrusive stack, no node allocated) and,
 * if the one pending alarm is due no later than it needs, schedules nothing. When the alarm fires it drops the
 * entries that have ended, wakes the due ones (quickly: the scheduler's thread must stay free), keeps the others and
 * arms one alarm for the earliest of them. In steady state that is one timer per hedge delay, not per call.
 *
 * <p>No lost wake-up: an alarm clears {@code alarm} before it drains the inbox. A call pushes itself before it reads
 * {@code alarm}; if that read still sees an alarm due in time, the push came before the clear, so the drain that
 * follows takes the entry and the alarm re-arms for it. Superseded alarms still fire; they only do a harmless
 * extra pass. An entry that has ended stays referenced until the next alarm, at most one hedge delay later.
 */
final class HedgeWatch {

    private static final VarHandle INBOX;
    private static final VarHandle ALARM;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            INBOX = lookup.findVarHandle(HedgeWatch.class, "inbox", Watched.class);
            ALARM = lookup.findVarHandle(HedgeWatch.class, "alarm", Alarm.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Hedged owner;
    private final Runnable tick = this::tick;
    /** Entries registered since the last alarm, newest first, linked through {@link Watched#nextWatched()}. */
    private volatile Watched inbox;
    /** The earliest alarm scheduled and not yet fired, or null. */
    private volatile Alarm alarm;
    /** Entries drained from the inbox that are neither ended nor due yet; guarded by {@code this}. */
    private final List<Watched> watched = new ArrayList<>();

    HedgeWatch(Hedged owner) {
        this.owner = owner;
    }

    /** Calls {@link Watched#wake()} once the ticker reaches {@code entry.wakeAt()}, unless it has ended by then. */
    void watch(Watched entry) {
        while (true) {
            Watched head = inbox;
            entry.nextWatched(head);
            if (INBOX.compareAndSet(this, head, entry)) {
                break;
            }
        }
        arm(entry.wakeAt());
    }

    /** Makes sure an alarm fires no later than {@code at}. */
    private void arm(long at) {
        while (true) {
            Alarm current = alarm;
            if (current != null && current.at - at <= 0) {
                return;
            }
            Alarm next = new Alarm(at);
            if (ALARM.compareAndSet(this, current, next)) {
                try {
                    owner.scheduler.schedule(tick, Duration.ofNanos(Math.max(0, at - owner.ticker.read())));
                } catch (RuntimeException | Error e) {
                    ALARM.compareAndSet(this, next, null); // not armed after all: let the next call try again
                    throw e;
                }
                return;
            }
        }
    }

    private void tick() {
        synchronized (this) {
            alarm = null; // before the drain, see the class comment
            Watched taken = (Watched) INBOX.getAndSet(this, null);
            while (taken != null) {
                Watched next = taken.nextWatched();
                taken.nextWatched(null);
                watched.add(taken);
                taken = next;
            }
            long now = owner.ticker.read();
            long earliest = 0;
            int kept = 0;
            for (int i = 0; i < watched.size(); i++) {
                Watched entry = watched.get(i);
                if (entry.ended()) {
                    continue;
                }
                long wakeAt = entry.wakeAt();
                if (wakeAt - now <= 0) {
                    entry.wake();
                    continue;
                }
                if (kept == 0 || wakeAt - earliest < 0) {
                    earliest = wakeAt;
                }
                watched.set(kept++, entry);
            }
            watched.subList(kept, watched.size()).clear();
            if (kept > 0) {
                arm(earliest);
            }
        }
    }

    /** One scheduled tick's due time; compared by identity in the CAS. */
    private static final class Alarm {
        final long at;

        Alarm(long at) {
            this.at = at;
        }
    }
}
