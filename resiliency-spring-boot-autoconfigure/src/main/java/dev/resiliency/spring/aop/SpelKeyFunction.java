package dev.resiliency.spring.aop;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.support.ReflectiveMethodResolver;
import org.springframework.expression.spel.support.ReflectivePropertyAccessor;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * A {@code @SingleFlight} key written in SpEL. The expression is parsed once; per call it is evaluated against a
 * small context whose variables are the arguments, looked up by index from a table built once (no parameter-name
 * discovery, no parsing, no reflection lookup per call: the expression's nodes cache their accessors).
 */
final class SpelKeyFunction implements KeyFunction {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private final Method method;
    private final Expression expression;
    private final Map<String, Integer> variables;
    private final List<PropertyAccessor> propertyAccessors;
    private final List<MethodResolver> methodResolvers;

    private SpelKeyFunction(Method method, Expression expression, Map<String, Integer> variables) {
        this.method = method;
        this.expression = expression;
        this.variables = variables;
        this.propertyAccessors = List.of(new ReflectivePropertyAccessor());
        this.methodResolvers = List.of(new ReflectiveMethodResolver());
    }

    /**
     * The key function for {@code source} on {@code method}: a plain parameter reference becomes an index lookup,
     * anything else a parsed expression.
     *
     * @throws IllegalArgumentException when the expression does not parse or names an unknown variable
     */
    static KeyFunction of(Method method, String source, ExpressionParser parser) {
        Map<String, Integer> variables = variables(method);
        String trimmed = source.trim();
        if (trimmed.startsWith("#") && variables.containsKey(trimmed.substring(1))) {
            return KeyFunction.argument(variables.get(trimmed.substring(1)));
        }
        Expression expression;
        try {
            expression = parser.parseExpression(trimmed);
        }
        catch (RuntimeException ex) {
            throw new IllegalArgumentException("is not a valid SpEL expression: '" + source + "' (" + ex.getMessage() + ")", ex);
        }
        if (expression instanceof SpelExpression spel) {
            List<String> unknown = new ArrayList<>();
            collectUnknownVariables(spel.getAST(), variables, unknown);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("'" + source + "' refers to unknown variable(s) " + unknown
                        + "; the variables are the parameters " + parameterList(method, variables)
                        + (NAMES.getParameterNames(method) == null ? " (compile with -parameters to use names)" : ""));
            }
        }
        return new SpelKeyFunction(method, expression, variables);
    }

    @Override
    public Object key(Object[] args) {
        ArgumentsContext context = new ArgumentsContext(new KeyRoot(this.method, args), this.variables, args);
        context.setPropertyAccessors(this.propertyAccessors);
        context.setMethodResolvers(this.methodResolvers);
        Object key = this.expression.getValue(context);
        return key != null ? key : NULL_KEY;
    }

    private static Map<String, Integer> variables(Method method) {
        Map<String, Integer> variables = new HashMap<>();
        String[] names = NAMES.getParameterNames(method);
        for (int i = 0; i < method.getParameterCount(); i++) {
            variables.put("p" + i, i);
            variables.put("a" + i, i);
            if (names != null) {
                variables.put(names[i], i);
            }
        }
        return Map.copyOf(variables);
    }

    private static String parameterList(Method method, Map<String, Integer> variables) {
        String[] names = NAMES.getParameterNames(method);
        List<String> list = new ArrayList<>();
        for (int i = 0; i < method.getParameterCount(); i++) {
            list.add("#" + (names != null ? names[i] : "p" + i));
        }
        return list.toString();
    }

    private static void collectUnknownVariables(SpelNode node, Map<String, Integer> variables, List<String> unknown) {
        if (node instanceof VariableReference) {
            String name = node.toStringAST().substring(1);
            if (!name.equals("root") && !name.equals("this") && !variables.containsKey(name)) {
                unknown.add("#" + name);
            }
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            collectUnknownVariables(node.getChild(i), variables, unknown);
        }
    }

    /** Resolves the arguments as variables from the table built once; other variables as usual. */
    private static final class ArgumentsContext extends StandardEvaluationContext {

        private final Map<String, Integer> variables;
        private final Object[] args;

        ArgumentsContext(KeyRoot root, Map<String, Integer> variables, Object[] args) {
            super(root);
            this.variables = variables;
            this.args = args;
        }

        @Override
        public Object lookupVariable(String name) {
            Integer index = this.variables.get(name);
            return index != null ? this.args[index] : super.lookupVariable(name);
        }
    }
}
