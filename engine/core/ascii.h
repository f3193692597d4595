/* ascii — one set of character classes for the parsers, in the manner of
 * Lua's lctype.h.
 *
 * Story folders are bytes from anywhere; <ctype.h> answers by the locale and
 * is undefined for negative chars, so the parsers ask these instead: plain
 * ASCII, the same on every machine, safe for any byte (a UTF-8 letter's
 * bytes are never space, digit or letter here). Each class is the one its
 * format defines, named for it, so a parser says which it means:
 *   ascii_isspace     C's white space: ' ' \t \n \r \f \v
 *   ascii_isblank     within a line: ' ' and \t (WebVTT's, INI values')
 *   ascii_isxmlspace  XML's white space: ' ' \t \n \r (SVG, XHTML)
 *   ascii_islinespace within a line of a file cut at \n: ' ' \t and the \r
 *                     of a CRLF (settings.ini, reassurance.txt) */
#ifndef HUSHABYE_ASCII_H
#define HUSHABYE_ASCII_H

static inline int ascii_isspace(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int ascii_isblank(int c)
{
    return c == ' ' || c == '\t';
}

static inline int ascii_isxmlspace(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline int ascii_islinespace(int c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static inline int ascii_isdigit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int ascii_isalpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int ascii_isalnum(int c)
{
    return ascii_isalpha(c) || ascii_isdigit(c);
}

static inline int ascii_tolower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

#endif
