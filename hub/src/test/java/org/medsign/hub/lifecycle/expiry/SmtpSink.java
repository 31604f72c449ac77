package org.medsign.hub.lifecycle.expiry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal SMTP server (RFC 5321 subset: HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), run as its own process by
 * tests: a stand-in for the hospital's mail server. Each message is written to {@code <dir>/<n>.eml} with the
 * envelope recipients in an {@code X-Envelope-To} header. Prints its port on the first line of standard output.
 *
 * <p>Usage: {@code java -cp target/test-classes org.medsign.hub.lifecycle.expiry.SmtpSink DIR}
 */
public final class SmtpSink {

    private SmtpSink() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        try (ServerSocket server = new ServerSocket(0)) {
            System.out.println(server.getLocalPort());
            System.out.flush();
            int count = 0;
            while (true) {
                try (Socket socket = server.accept()) {
                    count = session(socket, dir, count);
                } catch (IOException e) {
                    // client went away; wait for the next one
                }
            }
        }
    }

    private static int session(Socket socket, Path dir, int count) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        reply(out, "220 smtp-sink ready");
        List<String> recipients = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
            switch (command) {
                case "EHLO" -> reply(out, "250-smtp-sink\r\n250 8BITMIME");
                case "HELO", "NOOP" -> reply(out, "250 ok");
                case "MAIL" -> {
                    recipients.clear();
                    reply(out, "250 ok");
                }
                case "RCPT" -> {
                    recipients.add(line.substring(line.indexOf(':') + 1).trim().replace("<", "").replace(">", ""));
                    reply(out, "250 ok");
                }
                case "DATA" -> {
                    reply(out, "354 end with .");
                    StringBuilder message = new StringBuilder("X-Envelope-To: " + String.join(", ", recipients)
                            + "\r\n");
                    String data;
                    while ((data = in.readLine()) != null && !data.equals(".")) {
                        message.append(data.startsWith("..") ? data.substring(1) : data).append("\r\n");
                    }
                    count++;
                    Path temporary = dir.resolve("." + count + ".tmp");
                    try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                        writer.write(message.toString());
                    }
                    Files.move(temporary, dir.resolve(count + ".eml"), StandardCopyOption.ATOMIC_MOVE);
                    reply(out, "250 queued as " + count);
                }
                case "RSET" -> {
                    recipients.clear();
                    reply(out, "250 ok");
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return count;
                }
                default -> reply(out, "502 not implemented");
            }
        }
        return count;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
