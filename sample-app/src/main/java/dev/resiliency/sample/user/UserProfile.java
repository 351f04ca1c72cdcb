package dev.resiliency.sample.user;

/** A user profile, as the user service answers it (and as it is cached). */
public record UserProfile(long id, String name, String email) {
}
