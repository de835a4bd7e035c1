package dev.tocsin.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashesTest {
  private static final String SALT = Base64.getEncoder().encodeToString(new byte[16]);
  private static final String HASH_32 = Base64.getEncoder().encodeToString(new byte[32]);

  /** Two hashes of one password, made once: each costs 210,000 PBKDF2 iterations. */
  private static String first;
  private static String second;

  @BeforeAll
  static void hashOnce() {
    first = PasswordHashes.hash("correct horse battery staple".toCharArray());
    second = PasswordHashes.hash("correct horse battery staple".toCharArray());
  }

  @Test
  void aHashMatchesItsPassword() {
    assertThat(PasswordHashes.matches("correct horse battery staple".toCharArray(), first)).isTrue();
  }

  @Test
  void aHashDoesNotMatchAnotherPassword() {
    assertThat(PasswordHashes.matches("correct horse battery stapler".toCharArray(), first)).isFalse();
    assertThat(PasswordHashes.matches("Correct horse battery staple".toCharArray(), first)).isFalse();
    assertThat(PasswordHashes.matches(new char[0], first)).isFalse();
  }

  @Test
  void twoHashesOfOnePasswordDifferByTheirSaltAndBothMatch() {
    assertThat(second).isNotEqualTo(first);
    assertThat(second.split("\\$")[2]).isNotEqualTo(first.split("\\$")[2]);
    assertThat(second.split("\\$")[3]).isNotEqualTo(first.split("\\$")[3]);
    assertThat(PasswordHashes.matches("correct horse battery staple".toCharArray(), second)).isTrue();
  }

  @Test
  void theFormatIsPrefixIterationsSaltAndHash() {
    assertThat(first).matches("pbkdf2-sha256\\$210000\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=");
    String[] parts = first.split("\\$");
    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
    assertThat(parts[1]).isEqualTo("210000");
    assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
    assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    assertThat(PasswordHashes.wellFormed(first)).isTrue();
  }

  @Test
  void matchesUsesTheIterationsAndSaltTheHashNames() throws Exception {
    byte[] salt = "sixteen byte slt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
        .generateSecret(new PBEKeySpec("hunter2".toCharArray(), salt, 10_000, 256)).getEncoded();
    String hash = "pbkdf2-sha256$10000$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(derived);

    assertThat(PasswordHashes.wellFormed(hash)).isTrue();
    assertThat(PasswordHashes.matches("hunter2".toCharArray(), hash)).isTrue();
    assertThat(PasswordHashes.matches("hunter3".toCharArray(), hash)).isFalse();
    assertThat(PasswordHashes.matches("hunter2".toCharArray(), hash.replace("$10000$", "$10001$"))).isFalse();
  }

  @Test
  void aHandWrittenHashWithTheLeastIterationsIsWellFormed() {
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$10000$" + SALT + "$" + HASH_32)).isTrue();
  }

  @Test
  void aWrongPrefixIsNotWellFormed() {
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha1$210000$" + SALT + "$" + HASH_32)).isFalse();
    assertThat(PasswordHashes.wellFormed("PBKDF2-SHA256$210000$" + SALT + "$" + HASH_32)).isFalse();
    assertThat(PasswordHashes.wellFormed("bcrypt$210000$" + SALT + "$" + HASH_32)).isFalse();
    assertThat(PasswordHashes.wellFormed("$210000$" + SALT + "$" + HASH_32)).isFalse();
  }

  @Test
  void aWrongNumberOfPartsIsNotWellFormed() {
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$210000$" + SALT)).isFalse();
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$210000$" + SALT + "$")).isFalse();
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$210000$" + SALT + "$" + HASH_32 + "$" + HASH_32))
        .isFalse();
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256")).isFalse();
    assertThat(PasswordHashes.wellFormed("")).isFalse();
    assertThat(PasswordHashes.wellFormed(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"9999", "0", "-210000", "1000"})
  void fewerThanTenThousandIterationsIsNotWellFormed(String iterations) {
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$" + iterations + "$" + SALT + "$" + HASH_32)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"many", "", "210000.0", "99999999999"})
  void iterationsThatAreNotANumberAreNotWellFormed(String iterations) {
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$" + iterations + "$" + SALT + "$" + HASH_32)).isFalse();
  }

  @Test
  void aSaltOrHashThatIsNotBase64IsNotWellFormed() {
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$210000$not*base64!$" + HASH_32)).isFalse();
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$210000$" + SALT + "$%%%%")).isFalse();
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$210000$" + SALT + "$" + HASH_32.substring(1))).isFalse();
  }

  @Test
  void aHashThatIsNotThirtyTwoBytesIsNotWellFormed() {
    for (int length : new int[] {0, 16, 31, 33, 64}) {
      String hash = Base64.getEncoder().encodeToString(new byte[length]);
      assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$210000$" + SALT + "$" + hash)).as("%d bytes", length)
          .isFalse();
    }
  }

  @Test
  void aSaltShorterThanEightBytesIsNotWellFormed() {
    String shortSalt = Base64.getEncoder().encodeToString(new byte[7]);
    String eightBytes = Base64.getEncoder().encodeToString(new byte[8]);

    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$210000$" + shortSalt + "$" + HASH_32)).isFalse();
    assertThat(PasswordHashes.wellFormed("pbkdf2-sha256$210000$" + eightBytes + "$" + HASH_32)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plaintext-password", "pbkdf2-sha256$210000$", "pbkdf2-sha256$9999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      "pbkdf2-sha256$abc$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      "pbkdf2-sha256$210000$!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA",
      "md5$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
  void matchesIsFalseForAMalformedHash(String hash) {
    assertThat(PasswordHashes.wellFormed(hash)).isFalse();
    assertThat(PasswordHashes.matches("plaintext-password".toCharArray(), hash)).isFalse();
  }

  @Test
  void matchesIsFalseForNoHash() {
    assertThat(PasswordHashes.matches("anything".toCharArray(), null)).isFalse();
  }

  @Test
  void trailingSeparatorsAndAbsurdIterationCountsAreNotWellFormed() {
    String good = PasswordHashes.PREFIX + "$10000$" + java.util.Base64.getEncoder().encodeToString(new byte[16]) + "$"
        + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    assertThat(PasswordHashes.wellFormed(good)).isTrue();
    assertThat(PasswordHashes.wellFormed(good + "$")).isFalse();
    assertThat(PasswordHashes.wellFormed(good + "$$$")).isFalse();
    assertThat(PasswordHashes.wellFormed(good.replace("$10000$", "$2147483647$"))).isFalse();
  }
}
