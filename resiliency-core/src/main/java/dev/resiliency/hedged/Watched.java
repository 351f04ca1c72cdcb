package dev.resiliency.hedged;

/**
 * Something the {@link HedgeWatch} wakes at a ticker reading: a {@link CallerRun} (its next hedge or its deadline)
 * or a {@link SyncRun}'s wait. Entries are linked through themselves in the watch's inbox, so registering one
 * allocates nothing; an entry is in the watch at most once at a time.
 */
interface Watched {

    /** The ticker reading at which to wake; set before the entry is registered, not changed while registered. */
    long wakeAt();

    /** The link in the watch's inbox. */
    Watched nextWatched();

    void nextWatched(Watched next);

    /** Whether waking is no longer needed: the watch drops the entry. */
    boolean ended();

    /** Called on the scheduler's thread once {@link #wakeAt()} has passed: must be quick and never block. */
    void wake();
}
