package com.bikefleet.model.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileLoadTest {

    @TempDir
    Path dir;

    @Test
    void aFileLargerThanAnyConfigIsRefusedWithItsNameAndSizeUnread() throws Exception {
        Path huge = dir.resolve("huge.conf");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(60L * 1024 * 1024); // sparse: nothing is written, nothing should be read
        }
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(huge));
        assertTrue(e.getMessage().startsWith(huge + ": is 62914560 bytes"), e.getMessage());
    }

    @Test
    void aConfigSizedFileIsReadWhole() throws Exception {
        Path small = dir.resolve("bike.conf");
        byte[] text = "bike.id = b1\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        Files.write(small, text);
        assertArrayEquals(text, ConfigFile.load(small));
    }

    @Test
    void aMissingFileSaysItCannotBeRead() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(dir.resolve("nope.conf")));
        assertTrue(e.getMessage().contains("nope.conf: cannot read"), e.getMessage());
    }
}
