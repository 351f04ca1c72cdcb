package dev.resiliency.spring.aop;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MethodPipelineCacheTest {

    private static MethodPipeline pipeline(String name) {
        return new MethodPipeline(name, null, null, null, false, false, false, null, null);
    }

    static class Base {
        public String inherited() {
            return "base";
        }
    }

    static class A extends Base {
    }

    static class B extends Base {
    }

    @Test
    void keepsOnePipelinePerMethodAndTargetClass() throws Exception {
        MethodPipelineCache cache = new MethodPipelineCache();
        Method method = Base.class.getMethod("inherited");
        MethodPipeline forA = pipeline("a");
        MethodPipeline forB = pipeline("b");

        assertThat(cache.get(method, A.class)).isNull();
        cache.put(method, A.class, forA);
        cache.put(method, B.class, forB);

        assertThat(cache.get(method, A.class)).isSameAs(forA);
        assertThat(cache.get(method, B.class)).isSameAs(forB);
        assertThat(cache.get(method, Base.class)).isNull();
    }

    @Test
    void firstPutWins() throws Exception {
        MethodPipelineCache cache = new MethodPipelineCache();
        Method method = Base.class.getMethod("inherited");
        MethodPipeline first = pipeline("first");

        cache.put(method, A.class, first);
        cache.put(method, A.class, pipeline("second"));

        assertThat(cache.get(method, A.class)).isSameAs(first);
    }

    @RepeatedTest(5)
    void concurrentPutsForManyClassesLoseNone() throws Exception {
        MethodPipelineCache cache = new MethodPipelineCache();
        Method method = Base.class.getMethod("inherited");
        Class<?>[] classes = { A.class, B.class, Base.class, String.class, Integer.class, Long.class, Double.class,
                Object.class };
        CyclicBarrier start = new CyclicBarrier(classes.length);
        ExecutorService pool = Executors.newFixedThreadPool(classes.length);
        try {
            List<Future<MethodPipeline>> futures = new ArrayList<>();
            for (Class<?> type : classes) {
                futures.add(pool.submit(() -> {
                    start.await();
                    MethodPipeline mine = pipeline(type.getName());
                    cache.put(method, type, mine);
                    return mine;
                }));
            }
            for (int i = 0; i < classes.length; i++) {
                MethodPipeline put = futures.get(i).get(10, TimeUnit.SECONDS);
                assertThat(cache.get(method, classes[i])).isSameAs(put);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }
}
