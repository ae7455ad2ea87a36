using System.Globalization;
using System.Text;

namespace Clientele.Marketing.Audience;

/// <summary>
/// Parses audience predicates such as <c>churn_risk &gt; 0.6 and (clv &gt;= 100 or rfm_segment in ['Champions', 'Loyal'])</c>.
/// </summary>
/// <remarks>
/// Grammar (keywords are case-insensitive; <c>not</c> binds tighter than <c>and</c>, which binds tighter than <c>or</c>):
/// <code>
/// or         := and ('or' and)*
/// and        := unary ('and' unary)*
/// unary      := 'not' unary | '(' or ')' | comparison
/// comparison := column ('=' | '==' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') literal
///             | column ['not'] 'in' '[' literal (',' literal)* ']'
/// literal    := number | 'text' | "text"      (a quote inside is written twice)
/// column     := letter or _ then letters, digits, _
/// </code>
/// A recursive-descent parser over a hand-written tokenizer, so every error names the character it stopped at.
/// </remarks>
public static class PredicateParser
{
    public static Predicate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(Tokenize(text));
        var result = parser.ParseOr();
        parser.ExpectEnd();
        return result;
    }

    private enum Kind
    {
        Identifier,
        Number,
        Text,
        Operator,
        LeftParen,
        RightParen,
        LeftBracket,
        RightBracket,
        Comma,
        End,
    }

    private sealed record Token(Kind Kind, string Value, int Offset)
    {
        public bool IsKeyword(string keyword) => Kind == Kind.Identifier && string.Equals(Value, keyword, StringComparison.OrdinalIgnoreCase);

        public string Describe() => Kind switch
        {
            Kind.End => "the end",
            Kind.Text => $"'{Value}'",
            _ => $"\"{Value}\"",
        };
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new Token(Kind.Identifier, text[start..i], start));
            }
            else if (char.IsDigit(c) || (c is '-' or '+' or '.' && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.' || text[i] is 'e' or 'E'
                    || (text[i] is '-' or '+' && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }
                var literal = text[start..i];
                if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw new PredicateException($"\"{literal}\" is not a number", start);
                }
                tokens.Add(new Token(Kind.Number, literal, start));
            }
            else if (c is '\'' or '"')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new PredicateException($"the text starting here is never closed with {c}", start);
                    }
                    if (text[i] == c)
                    {
                        if (i + 1 < text.Length && text[i + 1] == c)
                        {
                            value.Append(c);
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.Append(text[i++]);
                }
                tokens.Add(new Token(Kind.Text, value.ToString(), start));
            }
            else if (c is '<' or '>' or '=' or '!')
            {
                i++;
                if (i < text.Length && (text[i] == '=' || (c == '<' && text[i] == '>')))
                {
                    i++;
                }
                var op = text[start..i];
                if (op == "!")
                {
                    throw new PredicateException("\"!\" is not an operator; write != or not", start);
                }
                tokens.Add(new Token(Kind.Operator, op, start));
            }
            else
            {
                i++;
                tokens.Add(c switch
                {
                    '(' => new Token(Kind.LeftParen, "(", start),
                    ')' => new Token(Kind.RightParen, ")", start),
                    '[' => new Token(Kind.LeftBracket, "[", start),
                    ']' => new Token(Kind.RightBracket, "]", start),
                    ',' => new Token(Kind.Comma, ",", start),
                    _ => throw new PredicateException($"unexpected character '{c}'", start),
                });
            }
        }
        tokens.Add(new Token(Kind.End, "", text.Length));
        return tokens;
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _next;

        private Token Peek => tokens[_next];

        private Token Take() => tokens[_next++];

        public void ExpectEnd()
        {
            if (Peek.Kind != Kind.End)
            {
                throw new PredicateException($"expected and, or or the end, found {Peek.Describe()}", Peek.Offset);
            }
        }

        public Predicate ParseOr()
        {
            var left = ParseAnd();
            while (Peek.IsKeyword("or"))
            {
                Take();
                left = new OrPredicate(left, ParseAnd());
            }
            return left;
        }

        private Predicate ParseAnd()
        {
            var left = ParseUnary();
            while (Peek.IsKeyword("and"))
            {
                Take();
                left = new AndPredicate(left, ParseUnary());
            }
            return left;
        }

        private Predicate ParseUnary()
        {
            if (Peek.IsKeyword("not"))
            {
                Take();
                return new NotPredicate(ParseUnary());
            }
            if (Peek.Kind == Kind.LeftParen)
            {
                var open = Take();
                var inner = ParseOr();
                if (Peek.Kind != Kind.RightParen)
                {
                    throw new PredicateException($"expected ) to close the ( at character {open.Offset + 1}, found {Peek.Describe()}", Peek.Offset);
                }
                Take();
                return inner;
            }
            return ParseComparison();
        }

        private Predicate ParseComparison()
        {
            var column = Take();
            if (column.Kind != Kind.Identifier || column.IsKeyword("and") || column.IsKeyword("or") || column.IsKeyword("in"))
            {
                throw new PredicateException($"expected a column name, found {column.Describe()}", column.Offset);
            }
            var negated = false;
            if (Peek.IsKeyword("not"))
            {
                Take();
                negated = true;
                if (!Peek.IsKeyword("in"))
                {
                    throw new PredicateException($"expected in after {column.Value} not, found {Peek.Describe()}", Peek.Offset);
                }
            }
            if (Peek.IsKeyword("in"))
            {
                Take();
                return new InPredicate(column.Value, column.Offset, ParseList(), negated);
            }
            var op = Take();
            if (op.Kind != Kind.Operator)
            {
                throw new PredicateException($"expected a comparison (<, <=, >, >=, =, !=, in) after {column.Value}, found {op.Describe()}", op.Offset);
            }
            var comparison = op.Value switch
            {
                "=" or "==" => ComparisonOperator.Equal,
                "!=" or "<>" => ComparisonOperator.NotEqual,
                "<" => ComparisonOperator.Less,
                "<=" => ComparisonOperator.LessOrEqual,
                ">" => ComparisonOperator.Greater,
                ">=" => ComparisonOperator.GreaterOrEqual,
                _ => throw new PredicateException($"unknown operator {op.Value}", op.Offset),
            };
            return new ComparisonPredicate(column.Value, column.Offset, comparison, ParseLiteral());
        }

        private List<PredicateLiteral> ParseList()
        {
            var open = Take();
            if (open.Kind != Kind.LeftBracket)
            {
                throw new PredicateException($"expected [ to start the list after in, found {open.Describe()}", open.Offset);
            }
            var values = new List<PredicateLiteral> { ParseLiteral() };
            while (Peek.Kind == Kind.Comma)
            {
                Take();
                values.Add(ParseLiteral());
            }
            if (Peek.Kind != Kind.RightBracket)
            {
                throw new PredicateException($"expected , or ] in the list, found {Peek.Describe()}", Peek.Offset);
            }
            Take();
            return values;
        }

        private PredicateLiteral ParseLiteral()
        {
            var token = Take();
            return token.Kind switch
            {
                Kind.Number => new PredicateLiteral(double.Parse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture), null, token.Offset),
                Kind.Text => new PredicateLiteral(null, token.Value, token.Offset),
                Kind.Identifier => throw new PredicateException($"expected a number or a quoted text, found {token.Describe()} (quote text values: '{token.Value}')", token.Offset),
                _ => throw new PredicateException($"expected a number or a quoted text, found {token.Describe()}", token.Offset),
            };
        }
    }
}
