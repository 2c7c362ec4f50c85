package dev.fastclock.tests.probe;

import dev.fastclock.FastClock;
import dev.fastclock.Report;
import dev.fastclock.spi.MethodRoute;

/**
 * {@link FastClock#report()} printed by a child JVM as data, one fact a line, tab-separated, for the tests to
 * read back into a {@link Report} (never the padded text of {@code describe()}):
 *
 * <pre>
 * report  provider  NAME
 * report  forced    NAME                      (when a provider was forced)
 * report  outcome   NAME  PRIORITY  OUTCOME   (each provider considered)
 * report  problem   TEXT
 * report  note      TEXT
 * report  message   TEXT                      (each start-up message, "LEVEL text")
 * route   METHOD    ROUTE  DETAIL             (each method, in the report's order)
 * passed  METHOD    ROUTE  REASON             (each route it passed over, in order)
 * </pre>
 *
 * Tabs and line breaks inside a text are printed as spaces.
 */
public final class ReportLines {

    /** The first word of every line this class prints. */
    public static final String REPORT = "report";
    /** The first word of a method's route line. */
    public static final String ROUTE = "route";
    /** The first word of a passed-over line. */
    public static final String PASSED = "passed";

    private ReportLines() {
    }

    /**
     * Prints {@link FastClock#report()}, then {@link FastClock#describe()} between the lines {@code --- describe ---}
     * and {@code --- end describe ---}.
     */
    public static void printReport() {
        Report report = FastClock.report();
        print(report);
        String describe = FastClock.describe();
        System.out.println("describe.lines=" + describe.lines().count());
        System.out.println("--- describe ---");
        System.out.println(describe.strip());
        System.out.println("--- end describe ---");
    }

    /** Prints {@code report} as lines. */
    public static void print(Report report) {
        StringBuilder sb = new StringBuilder();
        line(sb, REPORT, "provider", report.provider());
        report.forced().ifPresent(f -> line(sb, REPORT, "forced", f));
        for (Report.Provider p : report.providers()) {
            line(sb, REPORT, "outcome", p.name(), Integer.toString(p.priority()), p.outcome());
        }
        for (String p : report.problems()) {
            line(sb, REPORT, "problem", p);
        }
        for (String n : report.notes()) {
            line(sb, REPORT, "note", n);
        }
        for (String m : report.messages()) {
            line(sb, REPORT, "message", m);
        }
        for (MethodRoute m : report.methods()) {
            line(sb, ROUTE, m.method(), m.route(), m.detail());
            for (MethodRoute.PassedOver p : m.passedOver()) {
                line(sb, PASSED, m.method(), p.route(), p.reason());
            }
        }
        System.out.print(sb);
        System.out.flush();
    }

    private static void line(StringBuilder sb, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            sb.append(i == 0 ? "" : "\t").append(clean(fields[i]));
        }
        sb.append('\n');
    }

    private static String clean(String s) {
        return String.valueOf(s).replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
}
