package dev.sesdkim.onboarding.dns;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For tests and the local run: a DNS server on a loopback UDP port that answers as a recursive resolver would, from the records a test puts in it:
 * NXDOMAIN for a name it has nothing at, NOERROR without answers for a name that has only other types. Names can be
 * set to answer SERVFAIL, and the whole server to answer nothing at all (a resolver that never answers).
 */
public final class LoopbackDnsServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;
    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final Map<Name, Integer> failing = new ConcurrentHashMap<>();
    private final AtomicInteger questions = new AtomicInteger();
    private volatile boolean silent;

    public LoopbackDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** {@code 127.0.0.1:port}, as the DNS_RESOLVER setting names it. */
    public String hostAndPort() {
        return address().getAddress().getHostAddress() + ":" + address().getPort();
    }

    /**
     * Adds records in zone-file syntax, like {@code "a._domainkey.mail.example.com. 300 IN CNAME a.dkim.amazonses.com."},
     * {@code "bounce.mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com."} or
     * {@code bounce.mail.example.com. 300 IN TXT "v=spf1 include:amazonses.com ~all"} (several quoted strings make one TXT
     * record).
     */
    public LoopbackDnsServer add(String... zoneFileLines) {
        for (String line : zoneFileLines) {
            try {
                String[] parts = line.trim().split("\\s+", 5);
                records.add(Record.fromString(Name.fromString(parts[0]), org.xbill.DNS.Type.value(parts[3]),
                        org.xbill.DNS.DClass.IN, Long.parseLong(parts[1]), parts[4], Name.root));
            } catch (IOException e) {
                throw new IllegalArgumentException(line, e);
            }
        }
        return this;
    }

    /** Removes every record at {@code name}. */
    public void remove(String name) {
        records.removeIf(record -> record.getName().toString(true).equalsIgnoreCase(name));
    }

    public void clear() {
        records.clear();
        failing.clear();
    }

    /** Questions about {@code name} get SERVFAIL. */
    public void failServer(String name) throws IOException {
        failing.put(Name.fromString(name.endsWith(".") ? name : name + "."), Rcode.SERVFAIL);
    }

    /** From now on the server reads questions and answers none. */
    public void stopAnswering() {
        silent = true;
    }

    public int questions() {
        return questions.get();
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                questions.incrementAndGet();
                if (silent) {
                    continue;
                }
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire(512);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        response.addRecord(question, Section.QUESTION);
        Integer failure = failing.get(question.getName());
        if (failure != null) {
            response.getHeader().setRcode(failure);
            return response;
        }
        List<Record> atName = records.stream().filter(record -> record.getName().equals(question.getName())).toList();
        if (atName.isEmpty()) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        atName.stream().filter(record -> record.getType() == question.getType())
                .forEach(record -> response.addRecord(record, Section.ANSWER));
        return response;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(1000);
    }
}
