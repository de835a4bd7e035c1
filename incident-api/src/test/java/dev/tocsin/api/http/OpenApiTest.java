package dev.tocsin.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiTest {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
      "trace");
  private static JsonNode document;

  @BeforeAll
  static void parse() throws IOException {
    document = new ObjectMapper().readTree(OpenApi.document());
  }

  @Test
  void isAnOpenApi3Document() {
    assertThat(document.path("openapi").asText()).startsWith("3.");
    assertThat(document.path("info").path("title").isTextual()).isTrue();
    assertThat(document.path("info").path("version").isTextual()).isTrue();
  }

  @Test
  void documentsExactlyTheRoutesTheHandlerServes() {
    Set<String> documented = new TreeSet<>();
    operations().forEach(op -> documented.add(op.route()));

    assertThat(documented).hasSize(ApiHandler.ROUTES.size());
    assertThat(documented).containsExactlyInAnyOrderElementsOf(ApiHandler.ROUTES);
  }

  @Test
  void everyOperationHasResponses() {
    List<Operation> operations = operations();

    assertThat(operations).isNotEmpty();
    for (Operation op : operations) {
      assertThat(op.node().path("responses").isObject()).as(op.route()).isTrue();
      assertThat(op.node().path("responses").size()).as(op.route()).isPositive();
    }
  }

  @Test
  void everyOperationNamesItsSecurityAndOnlyDeclaredSchemes() {
    JsonNode schemes = document.path("components").path("securitySchemes");
    assertThat(schemes.isObject()).isTrue();
    for (Operation op : operations()) {
      JsonNode security = op.node().has("security") ? op.node().get("security") : document.get("security");
      assertThat(security).as(op.route()).isNotNull();
      assertThat(security.isArray()).as(op.route()).isTrue();
      assertThat(security.size()).as(op.route()).isPositive();
      for (JsonNode requirement : security) {
        for (Map.Entry<String, JsonNode> scheme : requirement.properties()) {
          assertThat(schemes.has(scheme.getKey())).as(op.route() + " uses " + scheme.getKey()).isTrue();
        }
      }
    }
  }

  @Test
  void everyReferenceResolvesToAComponent() {
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);

    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/components/");
      assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  private record Operation(String route, JsonNode node) {
  }

  private static List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        if (METHODS.contains(method.getKey())) {
          operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
              method.getValue()));
        }
      }
    }
    return operations;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
          refs.add(field.getValue().asText());
        } else {
          collectRefs(field.getValue(), refs);
        }
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }
}
