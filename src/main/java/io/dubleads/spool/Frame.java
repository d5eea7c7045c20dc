package io.dubleads.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The framing of the file spool's segment files. Every frame is
 * <pre>
 *   magic   4 bytes  0xD7B1EA5E (never valid UTF-8, so never inside a JSON payload)
 *   type    1 byte   {@link #RECORD}, {@link #REMOVED} or {@link #ATTEMPT_FAILED}
 *   id      8 bytes  the record's id
 *   length  4 bytes  payload length (0 for the two marks)
 *   crc     4 bytes  CRC32 of type, id, length and payload
 *   payload length bytes
 * </pre>
 * big-endian. A frame whose magic, length or CRC does not check out is skipped byte by byte until
 * the next valid frame, so damage costs only the frames it touches.
 */
final class Frame {
    static final int MAGIC = 0xD7B1EA5E;
    static final int HEADER_BYTES = 21;
    static final int MAX_PAYLOAD_BYTES = 1 << 20;
    /** A record appended (or copied by compaction); the payload is the record. */
    static final byte RECORD = 1;
    /** The record with this id was removed. */
    static final byte REMOVED = 2;
    /** An attempt to deliver the record with this id failed in a way Dub may have recorded. */
    static final byte ATTEMPT_FAILED = 3;
    private static final byte[] NO_PAYLOAD = new byte[0];

    final byte type;
    final long id;
    final byte[] payload;

    private Frame(byte type, long id, byte[] payload) {
        this.type = type;
        this.id = id;
        this.payload = payload;
    }

    /** What a scan reports: every valid frame, and every unreadable region between or after them. */
    interface Visitor {
        void frame(Frame frame);

        void unreadable(int offset, int length);
    }

    /** @return the bytes a frame with this payload length takes on disk */
    static int size(int payloadLength) {
        return HEADER_BYTES + payloadLength;
    }

    static ByteBuffer encode(byte type, long id, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(size(payload.length));
        buffer.putInt(MAGIC).put(type).putLong(id).putInt(payload.length).putInt(0).put(payload);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 4, 13);
        crc.update(payload);
        buffer.putInt(17, (int) crc.getValue());
        return buffer.flip();
    }

    static ByteBuffer encodeMark(byte type, long id) {
        return encode(type, id, NO_PAYLOAD);
    }

    /**
     * Reads the frames in {@code bytes[0, limit)}, skipping what is unreadable (one report per
     * contiguous unreadable region).
     *
     * @return the offset just past the last valid frame
     */
    static int scan(byte[] bytes, int limit, Visitor visitor) {
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, limit);
        int position = 0;
        int unreadableFrom = -1;
        int validEnd = 0;
        while (position + HEADER_BYTES <= limit) {
            int length = validFrameLength(in, bytes, position, limit);
            if (length < 0) {
                if (unreadableFrom < 0) unreadableFrom = position;
                position++;
                continue;
            }
            if (unreadableFrom >= 0) {
                visitor.unreadable(unreadableFrom, position - unreadableFrom);
                unreadableFrom = -1;
            }
            byte[] payload = new byte[length];
            System.arraycopy(bytes, position + HEADER_BYTES, payload, 0, length);
            visitor.frame(new Frame(in.get(position + 4), in.getLong(position + 5), payload));
            position += size(length);
            validEnd = position;
        }
        if (unreadableFrom < 0 && position < limit) unreadableFrom = position;
        if (unreadableFrom >= 0) visitor.unreadable(unreadableFrom, limit - unreadableFrom);
        return validEnd;
    }

    /** @return the payload length of the valid frame at {@code position}, or -1 if there is none */
    private static int validFrameLength(ByteBuffer in, byte[] bytes, int position, int limit) {
        if (in.getInt(position) != MAGIC) return -1;
        int length = in.getInt(position + 13);
        if (length < 0 || length > MAX_PAYLOAD_BYTES || length > limit - position - HEADER_BYTES) return -1;
        CRC32 crc = new CRC32();
        crc.update(bytes, position + 4, 13);
        crc.update(bytes, position + HEADER_BYTES, length);
        return (int) crc.getValue() == in.getInt(position + 17) ? length : -1;
    }
}
