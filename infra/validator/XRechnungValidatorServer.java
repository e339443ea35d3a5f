// One warm JVM that validates XRechnung documents with Mustang's validator (UBL 2.1 schema, EN 16931 and
// XRechnung 3.0 schematron), asked over HTTP, so a document costs milliseconds instead of a JVM start and
// ~10 s of XSLT compilation. Started, compiled and stopped by infra/validator/validator.mjs.
//
//   POST /validate  (body: the XML)  -> 200 { valid, validator, messages: [{ rule, severity, text, location }] }
//   POST /validate-pdfa (body: a PDF) -> 200 { compliant, flavour, validator, failures: [{ rule, text, location }] }
//                                        (veraPDF, bundled with Mustang: is the PDF what its XMP claims, e.g. PDF/A-3b?)
//   GET  /health                     -> 200 { status: "ready", ... } once warmed up, 503 { status: "warming-up" } before
//
// Usage: java -cp '<libs>/*:<classes>' XRechnungValidatorServer <port> [--warm-up <file.xml>] [--warm-up-rounds <n>] [--owner-pid <pid>] [--threads <n>]

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mustangproject.validator.ESeverity;
import org.mustangproject.validator.ValidationResultItem;
import org.mustangproject.validator.ZUGFeRDValidator;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

public final class XRechnungValidatorServer {
  static final String VERSION = ZUGFeRDValidator.class.getPackage().getImplementationVersion();
  static final String VALIDATOR = "Mustang validator " + VERSION + " (" + xrechnungRules() + ", EN 16931, UBL 2.1)";
  // Mustang picks the XRechnung schematron by this CustomizationID; any other one would be checked against
  // EN 16931 alone, so we refuse it rather than call it valid.
  static final String XRECHNUNG_3_0 = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0";
  static final int MAX_BODY_BYTES = 20 * 1024 * 1024;
  static final ObjectMapper JSON = new ObjectMapper();

  static volatile String status = "warming-up";
  static volatile long warmUpMs = -1;

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path warmUp = null;
    long ownerPid = 0;
    int threads = 1;
    int warmUpRounds = 5;
    String host = "127.0.0.1";
    for (int i = 1; i < args.length; i += 2) {
      switch (args[i]) {
        case "--host" -> host = args[i + 1];
        case "--warm-up" -> warmUp = Path.of(args[i + 1]);
        case "--owner-pid" -> ownerPid = Long.parseLong(args[i + 1]);
        case "--threads" -> threads = Integer.parseInt(args[i + 1]);
        case "--warm-up-rounds" -> warmUpRounds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (ownerPid > 0) watchOwner(ownerPid);

    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    VeraGreenfieldFoundryProvider.initialise();
    server.createContext("/validate", XRechnungValidatorServer::validateRoute);
    server.createContext("/validate-pdfa", XRechnungValidatorServer::pdfaRoute);
    server.createContext("/health", XRechnungValidatorServer::healthRoute);
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.start();
    System.out.println("listening on " + host + ":" + port + " with " + threads + " thread(s)");

    if (warmUp != null) {
      // The first document compiles the XSLT (~5 s); a few more let the JIT compile the hot paths, so that the
      // first real documents do not take ten times as long as the later ones.
      byte[] sample = Files.readAllBytes(warmUp);
      long started = System.nanoTime();
      List<Long> rounds = new ArrayList<>();
      for (int round = 0; round < warmUpRounds; round++) {
        long roundStarted = System.nanoTime();
        Map<String, Object> report = validate(sample);
        rounds.add((System.nanoTime() - roundStarted) / 1_000_000);
        // A warm-up document that does not validate means the rules are not what we think they are.
        if (!Boolean.TRUE.equals(report.get("valid"))) {
          System.err.println("warm-up document " + warmUp + " is not valid: " + JSON.writeValueAsString(report));
          System.exit(3);
        }
      }
      warmUpMs = (System.nanoTime() - started) / 1_000_000;
      System.out.println("warmed up in " + warmUpMs + " ms (rounds: " + rounds + " ms)");
    }
    status = "ready";
    System.out.println("ready");
  }

  /** Which XRechnung release the bundled schematron implements, as its XSLT says, e.g. "XRechnung 3.0.2 (schematron 2.4.0)". */
  static String xrechnungRules() {
    try (InputStream xslt = XRechnungValidatorServer.class.getResourceAsStream("/xslt/XR_30/XRechnung-UBL-validation.xslt")) {
      if (xslt == null) return "XRechnung 3.0";
      String head = new String(xslt.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
      Matcher version = Pattern.compile("Version (\\S+) - XRechnung (\\S+) compatible").matcher(head);
      if (version.find()) return "XRechnung " + version.group(2) + " (schematron " + version.group(1) + ")";
    } catch (IOException e) {
      // only the label suffers
    }
    return "XRechnung 3.0";
  }

  /** The JVM ends itself when the process that started it is gone (Ctrl-C, crash, kill -9 of a test run). */
  static void watchOwner(long ownerPid) {
    Thread watchdog = new Thread(() -> {
      for (;;) {
        if (ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false) == false) {
          System.err.println("owner process " + ownerPid + " is gone: exiting");
          Runtime.getRuntime().halt(0);
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "owner-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  static void healthRoute(HttpExchange exchange) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("pid", ProcessHandle.current().pid()); // so a starter knows it reached its own JVM, not another on the port
    body.put("validator", VALIDATOR);
    body.put("warmUpMs", warmUpMs);
    respond(exchange, "ready".equals(status) ? 200 : 503, body);
  }

  static void validateRoute(HttpExchange exchange) throws IOException {
    try {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, Map.of("error", "POST the XML to /validate"));
        return;
      }
      byte[] xml;
      try (InputStream in = exchange.getRequestBody()) {
        xml = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (xml.length == 0 || xml.length > MAX_BODY_BYTES) {
        respond(exchange, xml.length == 0 ? 400 : 413, Map.of("error", "the body must be an XML document of at most 20 MiB"));
        return;
      }
      respond(exchange, 200, validate(xml));
    } catch (RuntimeException e) {
      // Not a report: the caller must not take it for one (it holds the invoice and retries).
      respond(exchange, 500, Map.of("error", String.valueOf(e)));
    }
  }

  static void pdfaRoute(HttpExchange exchange) throws IOException {
    try {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, Map.of("error", "POST the PDF to /validate-pdfa"));
        return;
      }
      byte[] pdf;
      try (InputStream in = exchange.getRequestBody()) {
        pdf = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (pdf.length == 0 || pdf.length > MAX_BODY_BYTES) {
        respond(exchange, pdf.length == 0 ? 400 : 413, Map.of("error", "the body must be a PDF of at most 20 MiB"));
        return;
      }
      respond(exchange, 200, validatePdfA(pdf));
    } catch (Exception e) {
      respond(exchange, 500, Map.of("error", String.valueOf(e)));
    }
  }

  /** Checks the PDF against the PDF/A flavour its XMP metadata claims; a PDF that claims none is not compliant. */
  static Map<String, Object> validatePdfA(byte[] pdf) throws Exception {
    try (VeraPDFFoundry foundry = Foundries.defaultInstance();
        PDFAParser parser = foundry.createParser(new ByteArrayInputStream(pdf));
        PDFAValidator validator = foundry.createValidator(parser.getFlavour(), false)) {
      ValidationResult result = validator.validate(parser);
      List<Map<String, Object>> failures = new ArrayList<>();
      for (TestAssertion assertion : result.getTestAssertions()) {
        if (assertion.getStatus() != TestAssertion.Status.FAILED || failures.size() >= 50) continue;
        String rule = assertion.getRuleId().getClause() + "-" + assertion.getRuleId().getTestNumber();
        failures.add(message(rule, "error", assertion.getMessage(), assertion.getLocation().getContext()));
      }
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("compliant", result.isCompliant());
      report.put("flavour", parser.getFlavour().getId());
      report.put("validator", "veraPDF " + Foundries.class.getPackage().getImplementationVersion());
      report.put("failures", failures);
      return report;
    }
  }

  static Map<String, Object> validate(byte[] xml) {
    // A fresh validator per document: ZUGFeRDValidator keeps state between calls in its fields. The compiled
    // XSLT is cached by ph-schematron across instances, which is what makes the warm JVM fast.
    Validation validation = new Validation();
    validation.validate(xml, "invoice.xml");
    List<Map<String, Object>> messages = new ArrayList<>();
    for (ValidationResultItem item : validation.results()) messages.add(message(item));
    String profile = validation.profile();
    if (profile == null || !(profile.equals(XRECHNUNG_3_0) || profile.startsWith(XRECHNUNG_3_0 + "#"))) {
      messages.add(0, message("SW-XR-PROFILE", "error",
          "CustomizationID (BT-24) is not " + XRECHNUNG_3_0 + ": the XRechnung 3.0 rules were not applied", null));
    }
    boolean noErrors = messages.stream().noneMatch(m -> "error".equals(m.get("severity")));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("valid", validation.wasCompletelyValid() && noErrors);
    report.put("validator", VALIDATOR);
    report.put("messages", messages);
    return report;
  }

  /** Gives access to the result items (rule id, severity, location) that the XML report only has as text. */
  static final class Validation extends ZUGFeRDValidator {
    List<ValidationResultItem> results() {
      return context.getResults();
    }

    /** The CustomizationID Mustang read from the document and chose its rules by. */
    String profile() {
      return context.getProfile();
    }
  }

  // "text [ID BR-DE-15] from /xslt/XR_30/XRechnung-UBL-validation.xslt)": Mustang's message with the rule appended.
  static final Pattern SCHEMATRON_SUFFIX = Pattern.compile("\\s*\\[ID [^\\]]*\\] from \\S+\\)\\s*$");
  static final Pattern SCHEMA_FAILURE =
      Pattern.compile("(?s)^schema validation fails:\\S*SAXParseException; lineNumber: (\\d+); columnNumber: (\\d+); (.*)$");

  static Map<String, Object> message(ValidationResultItem item) {
    String text = item.getMessage() == null ? "" : item.getMessage();
    String rule = item.getID() == null ? "" : item.getID();
    String location = item.getLocation();
    Matcher schema = SCHEMA_FAILURE.matcher(text);
    if (schema.matches()) {
      rule = "UBL-XSD";
      location = "line " + schema.group(1) + ", column " + schema.group(2);
      text = schema.group(3).trim();
    } else {
      text = SCHEMATRON_SUFFIX.matcher(text).replaceFirst("").trim();
    }
    if (rule.isEmpty()) rule = "MUSTANG-" + item.getSection(); // Mustang's own checks are numbered by section
    return message(rule, severity(item.getSeverity()), text, location);
  }

  static Map<String, Object> message(String rule, String severity, String text, String location) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("rule", rule);
    message.put("severity", severity);
    message.put("text", text);
    message.put("location", location);
    return message;
  }

  static String severity(ESeverity severity) {
    return switch (severity) {
      case notice -> "notice";
      case warning -> "warning";
      default -> "error"; // error, fatal, exception: none of them lets a document through
    };
  }

  static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
