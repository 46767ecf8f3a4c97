package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.signet.client.SignetHttp;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Human tables by default, JSON with {@code -o json} (exactly what the server answered, for {@code
 * jq}). Cells are cleaned of control characters: a value from the server cannot move the cursor or
 * rewrite the terminal.
 */
final class Output {

  enum Format {
    table,
    json
  }

  /** A column: its heading and the JSON field (a {@code /}-separated pointer for nested ones). */
  record Column(String heading, String field) {}

  private static final ObjectWriter PRETTY =
      SignetHttp.json().writer().with(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final Format format;

  Output(PrintWriter out, Format format) {
    this.out = out;
    this.format = format;
  }

  boolean json() {
    return format == Format.json;
  }

  /** A list: {@code items} as rows (a page's {@code items}, or the array itself). */
  void list(JsonNode answer, List<Column> columns) {
    if (json()) {
      raw(answer);
      return;
    }
    JsonNode items = answer.has("items") ? answer.get("items") : answer;
    List<List<String>> rows = new ArrayList<>();
    items.forEach(item -> rows.add(columns.stream().map(c -> cell(item, c.field)).toList()));
    table(columns.stream().map(Column::heading).toList(), rows);
    if (answer.hasNonNull("next_cursor")) {
      out.println("(more: --cursor " + answer.get("next_cursor").asText() + ")");
    }
    out.flush();
  }

  /** One object: field/value lines. */
  void object(JsonNode answer, List<Column> fields) {
    if (json()) {
      raw(answer);
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Column field : fields) {
      rows.add(List.of(field.heading, cell(answer, field.field)));
    }
    int width = fields.stream().mapToInt(f -> f.heading.length()).max().orElse(0);
    for (List<String> row : rows) {
      out.println(pad(row.get(0) + ":", width + 1) + " " + row.get(1));
    }
    out.flush();
  }

  void raw(JsonNode answer) {
    try {
      out.println(PRETTY.writeValueAsString(answer));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  void line(String text) {
    out.println(withoutControls(text));
    out.flush();
  }

  private void table(List<String> headings, List<List<String>> rows) {
    int[] widths = new int[headings.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headings.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out.println(join(headings, widths));
    for (List<String> row : rows) {
      out.println(join(row, widths));
    }
  }

  private static String join(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(i == cells.size() - 1 ? cells.get(i) : pad(cells.get(i), widths[i] + 2));
    }
    return line.toString().stripTrailing();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  static String cell(JsonNode item, String field) {
    JsonNode value = item.at(field.startsWith("/") ? field : "/" + field);
    if (value.isMissingNode() || value.isNull()) {
      return "-";
    }
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(v.isValueNode() ? v.asText() : v.toString()));
      return clean(String.join(",", parts));
    }
    return clean(value.isValueNode() ? value.asText() : value.toString());
  }

  /** A table cell: no control characters, at most 200 characters. */
  static String clean(String text) {
    String cleaned = withoutControls(text);
    return cleaned.length() > 200 ? cleaned.substring(0, 199) + "…" : cleaned;
  }

  /** No control characters (ESC sequences, CR, NUL) reach the terminal. */
  static String withoutControls(String text) {
    StringBuilder cleaned = new StringBuilder();
    text.codePoints().forEach(c -> cleaned.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return cleaned.toString();
  }
}
