package com.bikefleet.agent.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK's public API names no type of the WebSocket library behind it, so an embedder's code does not
 * break when the agent changes library, and cannot reach into the connection.
 */
class SdkApiTest {

    private static final List<String> HIDDEN = List.of("org.glassfish.", "jakarta.websocket.");

    @Test
    void noPublicSignatureInTheSdkNamesTyrusOrTheWebSocketApi() throws Exception {
        Path dir = Path.of(BikeAgent.class.getResource("BikeAgent.class").toURI()).getParent();
        List<Class<?>> publicTypes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(BikeAgent.class.getPackageName() + "." + name);
                if (Modifier.isPublic(type.getModifiers())) {
                    publicTypes.add(type);
                }
            }
        }
        assertTrue(publicTypes.contains(BikeAgent.Builder.class), publicTypes.toString());

        List<String> leaks = new ArrayList<>();
        for (Class<?> type : publicTypes) {
            List<String> signatures = new ArrayList<>();
            signatures.add(String.valueOf(type.getGenericSuperclass()));
            Stream.of(type.getGenericInterfaces()).forEach(t -> signatures.add(t.getTypeName()));
            Stream.of(type.getDeclaredMethods()).filter(SdkApiTest::visible)
                    .forEach(m -> signatures.add(m.toGenericString()));
            Stream.of(type.getDeclaredConstructors()).filter(SdkApiTest::visible)
                    .forEach(c -> signatures.add(c.toGenericString()));
            Stream.of(type.getDeclaredFields()).filter(SdkApiTest::visible)
                    .forEach(f -> signatures.add(f.toGenericString()));
            for (String signature : signatures) {
                if (HIDDEN.stream().anyMatch(signature::contains)) {
                    leaks.add(type.getSimpleName() + ": " + signature);
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static boolean visible(Member member) {
        return Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers());
    }
}
