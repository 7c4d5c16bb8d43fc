#include "codec_test_util.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace parley::codec::test {

Bytes hex(std::string_view text) {
  Bytes out = from_hex(text);
  bool blank = true;
  for (char c : text) blank &= std::isspace(static_cast<unsigned char>(c)) != 0;
  EXPECT_TRUE(!out.empty() || blank) << "bad hex: " << text;
  return out;
}

namespace {

bool is_hex_pair_line(std::string_view line) {
  size_t pairs = 0;
  size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ') {
      ++i;
      continue;
    }
    if (i + 1 >= line.size() || !std::isxdigit(static_cast<unsigned char>(line[i])) ||
        !std::isxdigit(static_cast<unsigned char>(line[i + 1]))) {
      return false;
    }
    if (i + 2 < line.size() && line[i + 2] != ' ') return false;
    i += 2;
    ++pairs;
  }
  return pairs > 0;
}

}  // namespace

// The format: "      <label> (<n> octets):  xx xx ..." then continuation lines
// of hex pairs, possibly interrupted by page breaks (blank lines, page
// footers and headers), until n bytes are read.
std::vector<Bytes> rfc8448_blocks(std::string_view label) {
  const std::string path = std::string(PARLEY_TESTDATA_DIR) + "/rfc8448.txt";
  std::ifstream file(path);
  EXPECT_TRUE(file.good()) << "cannot open " << path;
  std::vector<Bytes> blocks;
  const std::string prefix = "      " + std::string(label) + " (";
  std::string line;
  while (std::getline(file, line)) {
    if (line.rfind(prefix, 0) != 0) continue;
    size_t expected = 0;
    std::istringstream(line.substr(prefix.size())) >> expected;
    const size_t colon = line.find("):");
    if (colon == std::string::npos) continue;
    Bytes block = from_hex(line.substr(colon + 2));
    while (block.size() < expected && std::getline(file, line)) {
      if (!is_hex_pair_line(line)) continue;  // page break
      Bytes more = from_hex(line);
      block.insert(block.end(), more.begin(), more.end());
    }
    EXPECT_EQ(block.size(), expected) << label << " block " << blocks.size();
    blocks.push_back(std::move(block));
  }
  return blocks;
}

Bytes handshake_body(ByteView message) {
  Result<HandshakeMessageView> view = split_handshake_message(message);
  EXPECT_TRUE(view.ok()) << view.error().to_string();
  if (!view.ok()) return {};
  return Bytes(view->body.begin(), view->body.end());
}

}  // namespace parley::codec::test
