import { Lexer, type Token, type Tokens } from 'marked';

/** A fenced code block of a guide: its language, the words after it (`prelude`, `run`...) and its code. */
export interface CodeBlock {
  lang: string;
  tags: string[];
  code: string;
}

/** Every fenced code block of a markdown document, nested ones (in lists) included, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'code') {
        const [lang = '', ...tags] = ((token as Tokens.Code).lang ?? '').split(/\s+/).filter(Boolean);
        blocks.push({ lang, tags, code: (token as Tokens.Code).text });
      }
      if ('tokens' in token && Array.isArray(token.tokens)) visit(token.tokens);
      if (token.type === 'list') for (const item of (token as Tokens.List).items) visit(item.tokens);
    }
  };
  visit(Lexer.lex(markdown));
  return blocks;
}
