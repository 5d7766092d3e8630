# Turn a file into a C translation unit holding its bytes.
# Usage: cmake -DIN=file -DOUT=file.c -DSYMBOL=name -P embed.cmake
# The array is NUL-terminated so it can be handed to text parsers directly.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR size "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}"
  "/* Generated from ${IN} by cmake/embed.cmake: do not edit. */\n"
  "#include <stddef.h>\n"
  "const unsigned char ${SYMBOL}[] = {\n${bytes}0x00 };\n"
  "const size_t ${SYMBOL}_len = ${size};\n")
