package dev.tocsin.notifier.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server on localhost answering each command with a scripted reply (by verb:
 * {@code MAIL}, {@code RCPT}, {@code DATA} for the reply after the message), {@code 250} otherwise,
 * so tests can see how a client handles the 4xx and 5xx replies GreenMail never gives. It offers
 * no extensions (no STARTTLS, no AUTH). Records the commands it received. One connection at a time.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Map<String, String> replies;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final Thread thread;

  private ScriptedSmtpServer(ServerSocket socket, Map<String, String> replies) {
    this.socket = socket;
    this.replies = Map.copyOf(replies);
    this.thread = new Thread(this::serve, "scripted-smtp");
    this.thread.setDaemon(true);
  }

  /** Starts a server answering the verbs in {@code replies} with whole reply lines, e.g. {@code "451 4.3.0 later"}. */
  public static ScriptedSmtpServer start(Map<String, String> replies) {
    try {
      ScriptedSmtpServer server = new ScriptedSmtpServer(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()),
          replies);
      server.thread.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** The command lines received so far, as sent. */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket connection = socket.accept()) {
        converse(connection);
      } catch (IOException e) {
        // Closed by close(), or the client hung up; either way, wait for the next connection.
      }
    }
  }

  private void converse(Socket connection) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
        StandardCharsets.US_ASCII));
    Writer out = new OutputStreamWriter(connection.getOutputStream(), StandardCharsets.US_ASCII);
    reply(out, "220 scripted ESMTP");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      commands.add(line);
      String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
      switch (verb) {
        case "EHLO", "HELO" -> reply(out, "250 scripted");
        case "DATA" -> {
          reply(out, "354 end data with <CR><LF>.<CR><LF>");
          for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
            // The message itself is of no interest here.
          }
          reply(out, replies.getOrDefault("DATA", "250 2.0.0 queued"));
        }
        case "QUIT" -> {
          reply(out, "221 2.0.0 bye");
          return;
        }
        default -> reply(out, replies.getOrDefault(verb, "250 2.0.0 ok"));
      }
    }
  }

  private static void reply(Writer out, String line) throws IOException {
    out.write(line + "\r\n");
    out.flush();
  }

  @Override
  public void close() {
    try {
      socket.close();
      thread.join(1000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
