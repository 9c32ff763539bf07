import { SvgSanitizeError, sanitizeSvg } from './svg-sanitizer';

const options = { idPrefix: 'c1', rootAttributes: { width: '10', height: '10', viewBox: '0 0 10 10' } };

describe('sanitizeSvg', () => {
  it('keeps shapes and text, replaces the root attributes and renumbers ids', () => {
    const out = sanitizeSvg(
      '<svg width="99" onload="x()" xmlns:xlink="http://www.w3.org/1999/xlink"><g clip-path="url(#zr3-c0)"><path d="M0 0L1 1" fill="#fff" class="zr3-cls-0" ecmeta_series_index="0"></path></g><text x="1" style="font-size:12px;font-family:Noto Sans CJK SC, sans-serif;">病例 &lt;b&gt;</text><defs><clipPath id="zr3-c0"><path d="M0 0"/></clipPath></defs></svg>',
      options,
    );
    expect(out).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"><g clip-path="url(#c1-0)"><path d="M0 0L1 1" fill="#fff"></path></g><text x="1" font-size="12px" font-family="Noto Sans CJK SC, sans-serif">病例 &lt;b&gt;</text><defs><clipPath id="c1-0"><path d="M0 0"/></clipPath></defs></svg>',
    );
  });

  it('drops scripts, styles, foreign objects, images and links with everything inside them', () => {
    const out = sanitizeSvg(
      '<svg><script>alert(1)</script><style><![CDATA[.a{fill:url(https://evil.example)}]]></style><foreignObject><div>x</div></foreignObject><image href="https://evil.example/a.png"/><a href="javascript:1"><text>t</text></a><rect width="1"/></svg>',
      options,
    );
    expect(out).toBe('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"><rect width="1"/></svg>');
  });

  it('drops event handlers, hrefs, foreign url() references, CSS escapes and script URLs from attributes', () => {
    const out = sanitizeSvg(
      '<svg><rect onclick="x" href="https://evil.example" xlink:href="#a" fill="url(https://evil.example/p)" stroke="url(#missing)" opacity="\\31" font-family="javascript:x" width="2" style="fill:url(//evil.example);stroke:red"/></svg>',
      options,
    );
    expect(out).toBe('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10"><rect stroke="red" width="2"/></svg>');
  });

  it('refuses what it cannot read rather than guessing', () => {
    for (const bad of ['<svg><rect fill="a"b"/></svg>', '<svg><g></svg>', '<svg></svg><svg></svg>', '<g></g>', '<svg><rect fill=x/></svg>', 'text']) {
      expect(() => sanitizeSvg(bad, options)).toThrow(SvgSanitizeError);
    }
  });
});
