// Generates kumo's IBM Kanji (EBCDIC) code tables from the JDK's IBM930/IBM939 charsets (jdk.charsets module):
// data/ebcdic/<name>-sbcs.bin (256 big-endian uint16 code units) and <name>-dbcs.bin (lead bytes 0x40-0xFF ×
// trail bytes 0x00-0xFF, big-endian uint16), 0xFFFF where a byte (pair) has no mapping. Run: java GenerateTables.java <outdir>
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.*;
import java.nio.file.*;

public class GenerateTables {
  static int decodeOne(CharsetDecoder d, byte[] bytes) {
    d.reset();
    try {
      CharBuffer out = d.decode(ByteBuffer.wrap(bytes));
      if (out.length() != 1) return 0xFFFF;
      char c = out.charAt(0);
      return c == '\uFFFD' ? 0xFFFF : c;
    } catch (CharacterCodingException e) {
      return 0xFFFF;
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    for (String name : new String[] {"IBM930", "IBM939"}) {
      CharsetDecoder d = Charset.forName(name).newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
      ByteBuffer sbcs = ByteBuffer.allocate(512);
      for (int b = 0; b < 256; b++) sbcs.putShort((short) (b == 0x0E || b == 0x0F ? 0xFFFF : decodeOne(d, new byte[] {(byte) b})));
      ByteBuffer dbcs = ByteBuffer.allocate(192 * 256 * 2);
      for (int lead = 0x40; lead <= 0xFF; lead++)
        for (int trail = 0; trail < 256; trail++) dbcs.putShort((short) decodeOne(d, new byte[] {0x0E, (byte) lead, (byte) trail, 0x0F}));
      String base = name.toLowerCase().replace("ibm", "ibm-");
      Files.write(dir.resolve(base + "-sbcs.bin"), sbcs.array());
      Files.write(dir.resolve(base + "-dbcs.bin"), dbcs.array());
    }
  }
}
