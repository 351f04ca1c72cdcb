package dev.resiliency.spring.config;

/**
 * A resiliency annotation is misconfigured (unknown fallback method, bad SpEL key, bad duration, weight below 1,
 * an instance that cannot be created...). The message names the annotation, the bean, the method and the
 * attribute, e.g. {@code Invalid @Fallback on bean 'productPageService' method 'ProductPageService.page(String)':
 * attribute 'method' names 'fallbak', but ProductPageService has no such method ...}.
 */
public class InvalidResiliencyAnnotationException extends ResiliencyConfigurationException {

    private static final long serialVersionUID = 1L;

    private final String annotation;
    private final String beanName;
    private final String method;
    private final String attribute;

    /**
     * @param annotation the annotation's simple name, without {@code @}
     * @param beanName   the bean's name, or {@code null} when unknown (a bean that was not validated at start-up)
     * @param method     the method, as {@code SimpleClassName.name(ParamType, ...)}
     * @param attribute  the offending attribute, or {@code null} when the annotation as a whole is at fault
     * @param problem    what is wrong
     */
    public InvalidResiliencyAnnotationException(String annotation, String beanName, String method, String attribute,
            String problem, Throwable cause) {
        super(message(annotation, beanName, method, attribute, problem), cause);
        this.annotation = annotation;
        this.beanName = beanName;
        this.method = method;
        this.attribute = attribute;
    }

    private static String message(String annotation, String beanName, String method, String attribute,
            String problem) {
        StringBuilder message = new StringBuilder("Invalid @").append(annotation);
        if (beanName != null) {
            message.append(" on bean '").append(beanName).append('\'');
        }
        message.append(" method '").append(method).append("': ");
        if (attribute != null) {
            message.append("attribute '").append(attribute).append("' ");
        }
        return message.append(problem).toString();
    }

    /** The annotation's simple name. */
    public String annotation() {
        return this.annotation;
    }

    /** The bean's name, or {@code null} when unknown. */
    public String beanName() {
        return this.beanName;
    }

    /** The method, as {@code SimpleClassName.name(ParamType, ...)}. */
    public String method() {
        return this.method;
    }

    /** The offending attribute, or {@code null}. */
    public String attribute() {
        return this.attribute;
    }

    @Override
    public String action() {
        return "Fix the @" + this.annotation + " annotation on " + this.method
                + (this.attribute != null ? " (attribute '" + this.attribute + "')" : "")
                + ", or the resiliency.* configuration it refers to.";
    }
}
