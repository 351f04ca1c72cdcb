package dev.resiliency.spring.aop;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * At the end of start-up, prepares the pipeline of every annotated method of every singleton bean proxied with the
 * {@link ResiliencyAdvisor}, so that a misconfigured annotation (unknown fallback method, bad SpEL key, bad duration,
 * weight out of range, an instance that cannot be created) fails start-up with a message naming the bean, the
 * method and the attribute, and so that the first call pays nothing.
 */
public class ResiliencyAnnotationValidator implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beanFactory;
    private final MethodPipelineFactory factory;

    public ResiliencyAnnotationValidator(ConfigurableListableBeanFactory beanFactory, MethodPipelineFactory factory) {
        this.beanFactory = beanFactory;
        this.factory = factory;
    }

    /**
     * Only beans proxied with the resiliency advisor have annotated methods that will be intercepted; looking at
     * those only keeps start-up cheap and never introspects classes this starter has nothing to do with.
     */
    private static boolean isAdvisedByUs(Object bean) {
        if (bean instanceof Advised advised) {
            for (Advisor advisor : advised.getAdvisors()) {
                if (advisor instanceof ResiliencyAdvisor) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
            if (!this.beanFactory.containsSingleton(beanName)) {
                continue;
            }
            Object bean = this.beanFactory.getSingleton(beanName);
            if (bean == null || bean instanceof AopInfrastructureBean) {
                continue;
            }
            if (isAdvisedByUs(bean)) {
                this.factory.prepare(AopProxyUtils.ultimateTargetClass(bean), beanName,
                        AopUtils.isJdkDynamicProxy(bean) ? bean.getClass().getInterfaces() : null);
            }
        }
    }
}
