package dev.resiliency.spring.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import org.springframework.boot.convert.DurationStyle;

/** Every per-instance property, read from the shipped configuration metadata, with a valid sample value. */
final class PropertyCatalog {

    private static final Map<String, String> SAMPLES = Map.of("sliding-window-type", "time", "backoff", "linear",
            "multiplier", "3.0", "percentile", "70.0", "rate", "7.0", "backend", "local", "on-backend-failure", "reject");

    record Entry(String kind, String key, String type, Object defaultValue) {

        String camelCase() {
            StringBuilder camel = new StringBuilder();
            boolean upper = false;
            for (char c : this.key.toCharArray()) {
                if (c == '-') {
                    upper = true;
                }
                else {
                    camel.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return camel.toString();
        }

        /** A valid, non-default value for this property, as written in configuration. */
        String sample() {
            if (SAMPLES.containsKey(this.key)) {
                return SAMPLES.get(this.key);
            }
            return switch (this.type) {
                case "java.lang.Integer" -> "7";
                case "java.lang.Double" -> "0.3";
                case "java.time.Duration" -> "7ms";
                case "java.lang.Boolean" -> "true";
                case "java.util.List<java.lang.String>" -> "java.io.IOException";
                default -> throw new IllegalStateException("no sample for " + this);
            };
        }

        /** The bound value of {@link #sample()}. */
        Object sampleValue() {
            String sample = sample();
            return switch (this.type) {
                case "java.lang.Integer" -> Integer.valueOf(sample);
                case "java.lang.Double" -> Double.valueOf(sample);
                case "java.time.Duration" -> DurationStyle.detectAndParse(sample);
                case "java.lang.Boolean" -> Boolean.valueOf(sample);
                case "java.util.List<java.lang.String>" -> List.of(sample);
                default -> sample;
            };
        }

        /** The metadata's default as the bound type, or null. */
        Object typedDefault() {
            if (this.defaultValue == null) {
                return null;
            }
            String value = String.valueOf(this.defaultValue);
            return switch (this.type) {
                case "java.lang.Integer" -> Integer.valueOf(value);
                case "java.lang.Double" -> Double.valueOf(value);
                case "java.time.Duration" -> DurationStyle.detectAndParse(value);
                case "java.lang.Boolean" -> Boolean.valueOf(value);
                default -> value;
            };
        }

        @Override
        public String toString() {
            return this.kind + "." + this.key;
        }
    }

    static List<Entry> entries() {
        try (InputStream in = PropertyCatalog.class
                .getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
            JSONObject root = new JSONObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            JSONArray properties = root.getJSONArray("properties");
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < properties.length(); i++) {
                JSONObject property = properties.getJSONObject(i);
                String[] parts = property.getString("name").split("\\.");
                entries.add(new Entry(parts[1], parts[3], property.getString("type"), property.opt("defaultValue")));
            }
            return entries;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (JSONException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private PropertyCatalog() {
    }
}
