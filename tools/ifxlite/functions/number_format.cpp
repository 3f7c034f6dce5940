#include "functions/number_format.hpp"

#include <vector>

namespace ifx::lite {
namespace {

bool is_digit_place(char c) {
    return c == '#' || c == '&' || c == '*' || c == '<';
}
bool is_floating(char c) {
    return c == '$' || c == '-' || c == '+' || c == '(';
}
bool is_sign_place(char c) {
    return is_floating(c) || c == ')';
}
// What a digit place shows instead of a leading zero; '\0' = nothing (left-justified).
char fill_of(char c) {
    switch (c) {
        case '&':
            return '0';
        case '*':
            return '*';
        case '<':
            return '\0';
        default:
            return ' ';
    }
}
char symbol_of(char c, bool negative) {
    switch (c) {
        case '$':
            return '$';
        case '+':
            return negative ? '-' : '+';
        case '-':
            return negative ? '-' : ' ';
        default:  // ( and )
            return negative ? c : ' ';
    }
}

enum class place { literal, digit, separator, leading, sign };

// The integer part's digits laid into the mask's places left of the point (right to left): out
// holds what each place shows ('\0': nothing), kind what it is. False when the digits do not fit.
bool lay_digits(std::string_view whole, std::string_view digits, std::string& out, std::vector<place>& kind) {
    // A floating symbol's run: the places after the first of a run of the same symbol (commas
    // inside the run included) hold digits too.
    const auto in_run = [&](std::size_t i) {
        std::size_t j = i;
        while (j > 0 && whole[j - 1] == ',') --j;
        return j > 0 && whole[j - 1] == whole[i];
    };
    out.assign(whole.size(), ' ');
    kind.assign(whole.size(), place::literal);
    std::size_t remaining = digits.size();
    for (std::size_t i = whole.size(); i-- > 0;) {
        const char c = whole[i];
        if (is_digit_place(c) || (is_floating(c) && in_run(i))) {
            if (remaining > 0) {
                out[i] = digits[--remaining];
                kind[i] = place::digit;
            } else {
                out[i] = is_floating(c) ? ' ' : fill_of(c);
                kind[i] = place::leading;
            }
        } else if (c == ',') {
            if (remaining > 0) {
                kind[i] = place::separator;
                out[i] = ',';
                continue;
            }
            // No digit to its left: it shows what the next digit place shows for a leading zero.
            char next = ' ';
            for (std::size_t j = i + 1; j < whole.size(); ++j)
                if (is_digit_place(whole[j]) || is_floating(whole[j])) {
                    next = is_floating(whole[j]) ? ' ' : fill_of(whole[j]);
                    break;
                }
            out[i] = next;
            kind[i] = place::leading;
        } else if (is_sign_place(c)) {
            kind[i] = place::sign;
        } else {
            out[i] = c;
        }
    }
    return remaining == 0;
}

// Each run of a sign or currency place gets one symbol, at its rightmost place without a digit.
void place_symbols(std::string_view whole, const std::vector<place>& kind, bool negative, std::string& out) {
    for (std::size_t i = 0; i < whole.size();) {
        if (kind[i] != place::sign) {
            ++i;
            continue;
        }
        const char c = whole[i];
        std::size_t end = i + 1;
        while (end < whole.size() && (whole[end] == c || whole[end] == ',') && kind[end] != place::digit)
            ++end;
        std::size_t at = i;
        for (std::size_t k = i; k < end; ++k) {
            if (kind[k] == place::leading || kind[k] == place::sign) at = k;
            if (whole[k] == c && kind[k] == place::leading) out[k] = ' ';
        }
        out[at] = symbol_of(c, negative);
        i = end;
    }
}

}  // namespace

std::string format_number_mask(const decimal_number& value, std::string_view mask) {
    const std::size_t point = mask.find('.');
    const std::string_view whole = mask.substr(0, point);
    const std::string_view fraction =
        point == std::string_view::npos ? std::string_view{} : mask.substr(point);
    int fraction_places = 0;
    for (const char c : fraction) fraction_places += is_digit_place(c) ? 1 : 0;

    decimal_number v = value;
    round_decimal(v, fraction_places);
    const bool negative = v.negative && !v.is_zero();
    std::string text = format_decimal(v, fraction_places);
    if (!text.empty() && text.front() == '-') text.erase(0, 1);
    const std::size_t dot = text.find('.');
    std::string digits = text.substr(0, dot);
    const std::string fraction_digits = dot == std::string::npos ? std::string{} : text.substr(dot + 1);
    if (digits == "0") digits.clear();  // a zero integer part has no digits to show

    std::string out;
    std::vector<place> kind;
    if (!lay_digits(whole, digits, out, kind)) return std::string(mask.size(), '*');
    place_symbols(whole, kind, negative, out);

    std::string result;
    result.reserve(mask.size());
    for (std::size_t i = 0; i < whole.size(); ++i)
        if (out[i] != '\0') result.push_back(out[i]);
    std::size_t next_digit = 0;
    for (const char c : fraction) {
        if (is_digit_place(c))
            result.push_back(next_digit < fraction_digits.size() ? fraction_digits[next_digit++] : '0');
        else if (is_sign_place(c))
            result.push_back(symbol_of(c, negative));
        else
            result.push_back(c);
    }
    return result;
}

}  // namespace ifx::lite
