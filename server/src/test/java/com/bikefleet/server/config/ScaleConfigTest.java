package com.bikefleet.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys that choose PostgreSQL and join instances through Redis. */
class ScaleConfigTest {

    private static ServerConfig parse(String text, String storePassword) throws ConfigException {
        return ServerConfig.parse("server.conf", text.getBytes(StandardCharsets.UTF_8), List.of(), null, storePassword);
    }

    private static List<String> problems(String text) {
        return assertThrows(ConfigException.class, () -> parse(text, null)).problems();
    }

    @Test
    void withoutTheKeysTheServerIsOneInstanceOnSqlite() throws Exception {
        ServerConfig config = parse("", null);
        assertNull(config.store().url());
        assertFalse(config.backplane().enabled());
        assertTrue(config.backplane().instanceId().matches("server-[0-9a-f]{8}"), config.backplane().instanceId());
        assertEquals(Duration.ofSeconds(30), config.backplane().presenceTtl());
    }

    @Test
    void postgresAndRedisAreReadWithThePasswordFromTheEnvironmentAndNeverShown() throws Exception {
        ServerConfig config = parse("""
                store.url = jdbc:postgresql://db.example:5432/fleet?user=fleet
                store.pool-size = 12
                server.instance-id = eu-1.a
                backplane.redis-url = redis://redis.example:6379
                backplane.presence-ttl = 10s
                """, "s3cret");
        assertEquals("jdbc:postgresql://db.example:5432/fleet?user=fleet", config.store().url());
        assertEquals("s3cret", config.store().password());
        assertEquals(12, config.store().poolSize());
        assertEquals("eu-1.a", config.backplane().instanceId());
        assertEquals("redis://redis.example:6379", config.backplane().redisUrl());
        assertEquals(Duration.ofSeconds(10), config.backplane().presenceTtl());
        assertFalse(config.describe().contains("s3cret"), config.describe());
        assertTrue(config.describe().contains("password=****"), config.describe());
    }

    @Test
    void aPasswordInTheUrlIsMaskedInTheLog() throws Exception {
        ServerConfig config = parse("store.url = jdbc:postgresql://db/fleet?user=u&password=hunter2&ssl=true\n", null);
        assertFalse(config.describe().contains("hunter2"), config.describe());
    }

    @Test
    void everyMistakeIsReportedWithItsLine() {
        assertEquals(List.of(
                "server.conf:1: store.url: 'jdbc:mysql://db/fleet' is not a PostgreSQL JDBC URL "
                        + "(jdbc:postgresql://HOST[:PORT]/DATABASE)",
                "server.conf:2: server.instance-id: 'a b' must be 1-64 letters, digits, '.', '_' or '-', "
                        + "starting with a letter or digit",
                "server.conf:3: backplane.redis-url: 'http://redis' is not a Redis URL (redis://HOST:PORT)"),
                problems("store.url = jdbc:mysql://db/fleet\nserver.instance-id = a b\nbackplane.redis-url = http://redis\n"));
    }

    @Test
    void redisWithoutASharedDatabaseAndDatabaseKeysWithoutAUrlAreRefused() {
        assertEquals(List.of("server.conf:1: backplane.redis-url: several instances must share their data: "
                + "set store.url to a PostgreSQL database too"), problems("backplane.redis-url = redis://r:6379\n"));
        assertEquals(List.of("server.conf:1: store.user: is set but store.url is not (SQLite needs no store.user)"),
                problems("store.user = fleet\n"));
    }
}
