package dev.resiliency.spring.aop;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Fallback;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.RateLimiter;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.annotation.WeightedSemaphore;

/**
 * The resiliency annotations that apply to a method of a class: per kind, the method's own (found on the most
 * specific method, its overridden methods and interfaces included), else the class's when the method is public.
 * Used when building a method's pipeline and when matching the pointcut, never per call.
 */
record ResiliencyAnnotations(Method method, Class<?> targetClass, Fallback fallback, CircuitBreaker circuitBreaker,
        SingleFlight singleFlight, RateLimiter rateLimiter, Bulkhead bulkhead, WeightedSemaphore weightedSemaphore,
        Retry retry, Hedged hedged) {

    /** The eight annotation types, in the canonical order (outermost first). */
    static final List<Class<? extends Annotation>> TYPES = List.of(Fallback.class, CircuitBreaker.class,
            SingleFlight.class, RateLimiter.class, Bulkhead.class, WeightedSemaphore.class, Retry.class, Hedged.class);

    private static final Set<Class<? extends Annotation>> TYPE_SET = Set.copyOf(TYPES);

    /** The annotations that apply to {@code method} when invoked on an instance of {@code targetClass}. */
    static ResiliencyAnnotations of(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        return new ResiliencyAnnotations(specific, targetClass, find(specific, targetClass, Fallback.class),
                find(specific, targetClass, CircuitBreaker.class), find(specific, targetClass, SingleFlight.class),
                find(specific, targetClass, RateLimiter.class), find(specific, targetClass, Bulkhead.class),
                find(specific, targetClass, WeightedSemaphore.class), find(specific, targetClass, Retry.class),
                find(specific, targetClass, Hedged.class));
    }

    /** Whether any resiliency annotation applies; the pointcut's test. */
    static boolean isAnnotated(Method method, Class<?> targetClass) {
        if (!AnnotationUtils.isCandidateClass(targetClass, TYPE_SET) || method.getDeclaringClass() == Object.class) {
            return false;
        }
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        for (Class<? extends Annotation> type : TYPES) {
            if (find(specific, targetClass, type) != null) {
                return true;
            }
        }
        return false;
    }

    private static <A extends Annotation> A find(Method method, Class<?> targetClass, Class<A> type) {
        A onMethod = AnnotatedElementUtils.findMergedAnnotation(method, type);
        if (onMethod != null) {
            return onMethod;
        }
        if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
                && method.getDeclaringClass() != Object.class) {
            return AnnotatedElementUtils.findMergedAnnotation(targetClass, type);
        }
        return null;
    }

    /** The simple name of the outermost annotation present, for messages. */
    String firstAnnotation() {
        Annotation[] present = { this.fallback, this.circuitBreaker, this.singleFlight, this.rateLimiter, this.bulkhead,
                this.weightedSemaphore, this.retry, this.hedged };
        for (Annotation annotation : present) {
            if (annotation != null) {
                return annotation.annotationType().getSimpleName();
            }
        }
        return "resiliency annotation";
    }

    /** Whether the method has any resiliency annotation besides {@code @Fallback}. */
    boolean hasLayers() {
        return this.circuitBreaker != null || this.singleFlight != null || this.rateLimiter != null
                || this.bulkhead != null || this.weightedSemaphore != null || this.retry != null || this.hedged != null;
    }
}
