package dev.resiliency.spring.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.springframework.util.ClassUtils;

import dev.resiliency.spring.config.InvalidResiliencyAnnotationException;

/**
 * Whether a proxy can intercept an annotated method at all. Spring AOP silently skips the methods it cannot reach
 * (it only logs them), which would leave a {@code @CircuitBreaker} or a {@code @Retry} without effect and unnoticed
 * until the outage: such a method fails start-up instead.
 */
final class InterceptionCheck {

    private InterceptionCheck() {
    }

    /**
     * @param proxiedInterfaces the interfaces of a JDK dynamic proxy, or null for a class-based (CGLIB) proxy
     * @throws InvalidResiliencyAnnotationException when the proxy cannot intercept {@code method}
     */
    static void check(Method method, Class<?> targetClass, String beanName,
            Class<?>[] proxiedInterfaces) {
        int modifiers = method.getModifiers();
        String problem = null;
        if (Modifier.isPrivate(modifiers)) {
            problem = "is private: a Spring proxy cannot intercept it, so its annotations would never apply "
                    + "(make it public and call it through the bean)";
        }
        else if (Modifier.isStatic(modifiers)) {
            problem = "is static: a Spring proxy cannot intercept it, so its annotations would never apply";
        }
        else if (proxiedInterfaces != null) {
            if (!declaredOnAny(method, proxiedInterfaces)) {
                problem = "is not declared on an interface of the bean, which is proxied through its interfaces (JDK "
                        + "dynamic proxy): calls never reach its annotations (declare it on the interface, or use "
                        + "class-based proxies: spring.aop.proxy-target-class=true, the default)";
            }
        }
        else if (Modifier.isFinal(modifiers)) {
            problem = "is final: the class-based proxy cannot override it, so its annotations would never apply";
        }
        if (problem != null) {
            throw new InvalidResiliencyAnnotationException(ResiliencyAnnotations.of(method, targetClass)
                    .firstAnnotation(), beanName, MethodPipelineFactory.describe(method, targetClass), null, problem, null);
        }
    }

    private static boolean declaredOnAny(Method method, Class<?>[] interfaces) {
        for (Class<?> type : interfaces) {
            if (ClassUtils.hasMethod(type, method.getName(), method.getParameterTypes())) {
                return true;
            }
        }
        return false;
    }

}
