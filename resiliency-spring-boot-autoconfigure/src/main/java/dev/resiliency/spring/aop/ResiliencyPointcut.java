package dev.resiliency.spring.aop;

import java.lang.reflect.Method;

import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Matches the methods a resiliency annotation applies to (on the method, or on its class for public methods).
 * Static: evaluated once per method when proxies are created, never per call.
 */
final class ResiliencyPointcut extends StaticMethodMatcherPointcut {

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
        return ResiliencyAnnotations.isAnnotated(method, targetClass != null ? targetClass : method.getDeclaringClass());
    }

    @Override
    public String toString() {
        return "ResiliencyPointcut";
    }
}
