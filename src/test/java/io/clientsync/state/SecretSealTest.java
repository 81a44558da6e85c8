package io.clientsync.state;

import io.clientsync.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inbox's key: the setting, else H2's owner-only key file; PostgreSQL requires it; a wrong key is named. */
class SecretSealTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void sealsWithAFreshNonceAndOpensWithTheSameKeyOnly() {
        SecretSeal seal = SecretSeal.of(KEY, "jdbc:postgresql://127.0.0.1/x");
        String a = seal.seal("{\"portal_password\":\"pw-1\"}");
        assertThat(a).doesNotContain("pw-1").isNotEqualTo(seal.seal("{\"portal_password\":\"pw-1\"}"));
        assertThat(seal.open(a)).isEqualTo("{\"portal_password\":\"pw-1\"}");
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> SecretSeal.of(Base64.getEncoder().encodeToString(other), "jdbc:h2:mem:x").open(a))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.secret-key");
    }

    @Test
    void postgresRequiresTheSettingAndABadOneIsNamed() {
        assertThatThrownBy(() -> SecretSeal.of(null, "jdbc:postgresql://127.0.0.1/x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.secret-key").hasMessageContaining("required");
        assertThatThrownBy(() -> SecretSeal.of("not base64!", "jdbc:h2:mem:x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.secret-key");
        assertThatThrownBy(() -> SecretSeal.of(Base64.getEncoder().encodeToString(new byte[16]), "jdbc:h2:mem:x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void h2MakesItsKeyOnceBesideTheStoreReadableByItsOwnerOnly(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("store") + ";CACHE_SIZE=4096";
        String sealed = SecretSeal.of(null, url).seal("secret-value");
        Path keyFile = dir.resolve("store.secret-key");
        assertThat(keyFile).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(SecretSeal.of(null, url).open(sealed)).as("the same key the next start").isEqualTo("secret-value");
    }

    @Test
    void erasedSecretsAreGoneAndReplacedRowsAreSealedAnew() {
        String url = "jdbc:h2:mem:seal-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (StateStore store = new StateStore(url, null, null, 2)) {
            SecretSeal seal = SecretSeal.of(null, url);
            Inbox inbox = new Inbox(store, seal);
            CursorStore cursors = new CursorStore(store, inbox);
            cursors.settle(List.of(new Inbox.Incoming("a", 1, "{\"id\":\"a\"}", seal.seal("{\"id\":\"a\",\"pw\":1}")),
                    new Inbox.Incoming("b", 1, "{\"id\":\"b\"}", seal.seal("{\"id\":\"b\",\"pw\":2}"))), "c1");
            assertThat(inbox.after(0, 10)).extracting(InboxRow::changeJson)
                    .containsExactly("{\"id\":\"a\",\"pw\":1}", "{\"id\":\"b\",\"pw\":2}");
            long first = inbox.after(0, 1).get(0).seq();
            assertThat(inbox.eraseSecrets(first)).isEqualTo(1);
            assertThat(inbox.after(0, 10)).extracting(InboxRow::changeJson)
                    .containsExactly("{\"id\":\"a\"}", "{\"id\":\"b\",\"pw\":2}");
        }
    }
}
