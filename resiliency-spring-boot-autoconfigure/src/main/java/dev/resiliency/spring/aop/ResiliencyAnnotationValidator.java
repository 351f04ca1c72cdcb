package dev.resiliency.spring.aop;

import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * At the end of start-up, prepares the pipeline of every annotated method of every singleton bean, so that a
 * misconfigured annotation (unknown fallback method, bad SpEL key, bad duration, weight out of range, an instance
 * that cannot be created) fails start-up with a message naming the bean, the method and the attribute, and so that
 * the first call pays nothing.
 */
public class ResiliencyAnnotationValidator implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beanFactory;
    private final MethodPipelineFactory factory;

    public ResiliencyAnnotationValidator(ConfigurableListableBeanFactory beanFactory, MethodPipelineFactory factory) {
        this.beanFactory = beanFactory;
        this.factory = factory;
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
            Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
            if (ResiliencyAnnotations.isCandidate(targetClass)) {
                this.factory.prepare(targetClass, beanName);
            }
        }
    }
}
