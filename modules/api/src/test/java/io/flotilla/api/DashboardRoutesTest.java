package io.flotilla.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiNodeExtension.class)
class DashboardRoutesTest {
  private static final Pattern PAGE_REFERENCE = Pattern.compile("(?:src|href)=\"(dashboard/[^\"]+)\"");
  private static final Pattern MODULE_IMPORT = Pattern.compile("from '\\./([A-Za-z0-9]+\\.js)'");

  private final ApiNode node;

  DashboardRoutesTest(ApiNode node) {
    this.node = node;
  }

  @Test
  void thePageIsServedAtTheRootAndRevalidatedOnEveryUse() {
    ApiNode.Response page = node.get("/");
    assertEquals(200, page.status(), page.toString());
    assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
    assertTrue(page.text().contains("<script type=\"module\" src=\"dashboard/js/main.js\"></script>"), page.text());
    assertEquals("no-cache", page.header("Cache-Control"));
    assertEquals("nosniff", page.header("X-Content-Type-Options"));
    assertTrue(page.header("Content-Security-Policy").contains("default-src 'self'"),
        page.header("Content-Security-Policy"));
  }

  @Test
  void everyFileThePageAndItsModulesLoadIsServedWithItsContentType() {
    Set<String> files = new LinkedHashSet<>();
    Matcher references = PAGE_REFERENCE.matcher(node.get("/").text());
    while (references.find()) {
      files.add("/" + references.group(1));
    }
    Deque<String> modules = new ArrayDeque<>(List.of("/dashboard/js/main.js"));
    while (!modules.isEmpty()) {
      String module = modules.pop();
      ApiNode.Response response = node.get(module);
      assertEquals(200, response.status(), module + ": " + response);
      Matcher imports = MODULE_IMPORT.matcher(response.text());
      while (imports.find()) {
        String imported = "/dashboard/js/" + imports.group(1);
        if (files.add(imported)) {
          modules.push(imported);
        }
      }
    }
    assertTrue(files.size() >= 10, "the page, its styles, uPlot and the modules: " + files);
    for (String file : files) {
      ApiNode.Response response = node.get(file);
      assertEquals(200, response.status(), file + ": " + response);
      String expected = file.endsWith(".js") ? "application/javascript" : file.endsWith(".css") ? "text/css"
          : file.endsWith(".svg") ? "image/svg+xml" : "?";
      assertTrue(response.header("Content-Type").startsWith(expected), file + ": " + response.header("Content-Type"));
    }
  }

  @Test
  void vendoredLibrariesAreCachedForAYearAndTheDashboardsOwnFilesAreRevalidated() {
    ApiNode.Response uplot = node.get("/dashboard/vendor/uplot-1.6.32/uPlot.iife.min.js");
    assertEquals(200, uplot.status());
    assertEquals("public, max-age=31536000, immutable", uplot.header("Cache-Control"));
    ApiNode.Response app = node.get("/dashboard/js/service.js");
    assertEquals("no-cache", app.header("Cache-Control"));
    String etag = app.header("ETag");
    assertNotNull(etag, "revalidation needs a validator");
    assertEquals(304, node.get("/dashboard/js/service.js", "If-None-Match", etag).status());
  }

  @Test
  void pathsOutsideTheDashboardDirectoryAndUnknownFilesAreNotFound() {
    for (String path : List.of("/dashboard/%2e%2e/reference.conf", "/dashboard/..%2Freference.conf",
        "/dashboard/vendor/%2e%2e/%2e%2e/reference.conf", "/dashboard/nope.js", "/index.html/x")) {
      ApiNode.Response response = node.get(path);
      assertEquals(404, response.status(), path + ": " + response);
      assertEquals("not_found", response.json().path("error").asText(), path);
    }
  }
}
