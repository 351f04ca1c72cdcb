package dev.resiliency.hedged;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The timer of one {@link Hedged}'s calls that run their primary copy on the caller's thread ({@link CallerRun}):
 * it wakes a call when its next hedge or its deadline is due.
 *
 * <p>Why not one scheduler timer per call: scheduling and cancelling a timer takes the scheduler's lock twice,
 * allocates, and wakes the scheduler thread on nearly every call (a fresh timer is usually the earliest one), which
 * is a hand-off of its own. Most calls end long before their hedge delay, so timers are coalesced instead: a call
 * registers itself with one CAS (an intrusive stack, no node allocated) and, if the one pending alarm is due no
 * later than it needs, schedules nothing. When the alarm fires it drops the calls that have ended, hands the due
 * ones to the executor (the scheduler's thread must stay free: a due call runs user callbacks), keeps the others
 * and arms one alarm for the earliest of them. In steady state that is one timer per hedge delay, not per call.
 *
 * <p>No lost wake-up: an alarm clears {@code alarm} before it drains the inbox. A call pushes itself before it reads
 * {@code alarm}; if that read still sees an alarm due in time, the push came before the clear, so the drain that
 * follows takes the call and the alarm re-arms for it. Superseded alarms still fire; they only do a harmless
 * extra pass. A call that has ended stays referenced until the next alarm, at most one hedge delay later.
 */
final class HedgeWatch {

    private static final VarHandle INBOX;
    private static final VarHandle ALARM;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            INBOX = lookup.findVarHandle(HedgeWatch.class, "inbox", CallerRun.class);
            ALARM = lookup.findVarHandle(HedgeWatch.class, "alarm", Alarm.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Hedged owner;
    private final Runnable tick = this::tick;
    /** Calls registered since the last alarm, newest first, linked by {@code CallerRun.nextWatched}. */
    private volatile CallerRun<?> inbox;
    /** The earliest alarm scheduled and not yet fired, or null. */
    private volatile Alarm alarm;
    /** Calls drained from the inbox that are neither ended nor due yet; guarded by {@code this}. */
    private final List<CallerRun<?>> watched = new ArrayList<>();

    HedgeWatch(Hedged owner) {
        this.owner = owner;
    }

    /** Wakes {@code run} (on the executor, {@link CallerRun#onTimer()}) once the ticker reaches {@code wakeAt}. */
    void watch(CallerRun<?> run, long wakeAt) {
        run.wakeAt = wakeAt;
        while (true) {
            CallerRun<?> head = inbox;
            run.nextWatched = head;
            if (INBOX.compareAndSet(this, head, run)) {
                break;
            }
        }
        arm(wakeAt);
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
            CallerRun<?> taken = (CallerRun<?>) INBOX.getAndSet(this, null);
            while (taken != null) {
                CallerRun<?> next = taken.nextWatched;
                taken.nextWatched = null;
                watched.add(taken);
                taken = next;
            }
            long now = owner.ticker.read();
            long earliest = 0;
            int kept = 0;
            for (int i = 0; i < watched.size(); i++) {
                CallerRun<?> run = watched.get(i);
                if (run.ended()) {
                    continue;
                }
                if (run.wakeAt - now <= 0) {
                    dispatch(run);
                    continue;
                }
                if (kept == 0 || run.wakeAt - earliest < 0) {
                    earliest = run.wakeAt;
                }
                watched.set(kept++, run);
            }
            watched.subList(kept, watched.size()).clear();
            if (kept > 0) {
                arm(earliest);
            }
        }
    }

    private void dispatch(CallerRun<?> run) {
        try {
            owner.executor.execute(run::onTimer);
        } catch (RejectedExecutionException rejected) {
            run.onTimer(); // late rather than never: the deadline must still interrupt the primary
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
