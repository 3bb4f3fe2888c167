//! An XSS corpus after OWASP's XSS filter-evasion cheat sheet (and the mutation cases found
//! since), each payload rewritten to set `top.__pwned` to its number instead of calling `alert`,
//! so a browser test can tell whether any ran, and which. Upstream HTML (the terms) is where it
//! would come from; the sanitizer and the widget page's CSP must each stop every case.

/// The corpus as one document, with a readable clause a test can wait for.
pub fn document() -> String {
    let mut html = String::from("<h2>Hostile terms</h2><p>A readable clause survives.</p>\n");
    for (_, case) in CORPUS {
        html.push_str(case);
        html.push('\n');
    }
    html
}

/// `(name, html)`: the code each html runs, if it runs, is `top.__pwned=N`, N its 1-based place.
pub const CORPUS: [(&str, &str); 87] = [
    (
        "script data src",
        r##"<SCRIPT SRC=data:,top.__pwned=1></SCRIPT>"##,
    ),
    ("plain script", r##"<script>top.__pwned=2</script>"##),
    (
        "img javascript quoted",
        r##"<IMG SRC="javascript:top.__pwned=3">"##,
    ),
    (
        "img javascript unquoted",
        r##"<IMG SRC=javascript:top.__pwned=4>"##,
    ),
    ("img mixed case", r##"<IMG SRC=JaVaScRiPt:top.__pwned=5>"##),
    (
        "img grave accents",
        r##"<IMG SRC=`javascript:top.__pwned=6`>"##,
    ),
    (
        "anchor onmouseover",
        r##"<a onmouseover="top.__pwned=7">xxs link</a>"##,
    ),
    (
        "malformed img",
        r##"<IMG """><SCRIPT>top.__pwned=8</SCRIPT>">"##,
    ),
    (
        "fromCharCode",
        r##"<IMG SRC=javascript:eval(String.fromCharCode(116,111,112,46,95,95,112,119,110,101,100,61,57))>"##,
    ),
    (
        "img hash onmouseover",
        r##"<IMG SRC=# onmouseover="top.__pwned=10">"##,
    ),
    (
        "img empty src",
        r##"<IMG SRC= onmouseover="top.__pwned=11">"##,
    ),
    ("img no src", r##"<IMG onmouseover="top.__pwned=12">"##),
    (
        "img onerror",
        r##"<IMG SRC=/ onerror="top.__pwned=13"></img>"##,
    ),
    (
        "onerror decimal entities",
        r##"<img src=x onerror="&#0000116&#0000111&#0000112&#0000046&#0000095&#0000095&#0000112&#0000119&#0000110&#0000101&#0000100&#0000061&#0000049&#0000052">"##,
    ),
    (
        "src decimal entities",
        r##"<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#116;&#111;&#112;&#46;&#95;&#95;&#112;&#119;&#110;&#101;&#100;&#61;&#49;&#53;>"##,
    ),
    (
        "src padded decimal",
        r##"<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000116&#0000111&#0000112&#0000046&#0000095&#0000095&#0000112&#0000119&#0000110&#0000101&#0000100&#0000061&#0000049&#0000054>"##,
    ),
    (
        "src hex entities",
        r##"<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x74&#x6F&#x70&#x2E&#x5F&#x5F&#x70&#x77&#x6E&#x65&#x64&#x3D&#x31&#x37>"##,
    ),
    (
        "embedded tab",
        r##"<IMG SRC="jav	ascript:top.__pwned=18">"##,
    ),
    (
        "encoded tab",
        r##"<IMG SRC="jav&#x09;ascript:top.__pwned=19">"##,
    ),
    (
        "encoded newline",
        r##"<IMG SRC="jav&#x0A;ascript:top.__pwned=20">"##,
    ),
    (
        "encoded return",
        r##"<IMG SRC="jav&#x0D;ascript:top.__pwned=21">"##,
    ),
    (
        "spaces and meta chars",
        r##"<IMG SRC=" &#14;  javascript:top.__pwned=22">"##,
    ),
    (
        "script non-alpha separator",
        r##"<SCRIPT/XSS SRC="data:,top.__pwned=23"></SCRIPT>"##,
    ),
    (
        "body handler junk",
        r##"<BODY onload!#$%&()*~+-_.,:;?@[/|\]^`=top.__pwned=24>"##,
    ),
    (
        "script slash src",
        r##"<SCRIPT/SRC="data:,top.__pwned=25"></SCRIPT>"##,
    ),
    (
        "extra open bracket",
        r##"<<SCRIPT>top.__pwned=26;//\<</SCRIPT>"##,
    ),
    (
        "no closing script",
        r##"<SCRIPT SRC=data:,top.__pwned=27?< B >"##,
    ),
    (
        "half open iframe",
        r##"<iframe src=javascript:top.__pwned=28 <"##,
    ),
    ("end title", r##"</TITLE><SCRIPT>top.__pwned=29</SCRIPT>"##),
    (
        "input image",
        r##"<INPUT TYPE="IMAGE" SRC="javascript:top.__pwned=30;">"##,
    ),
    (
        "body background",
        r##"<BODY BACKGROUND="javascript:top.__pwned=31">"##,
    ),
    (
        "img dynsrc",
        r##"<IMG DYNSRC="javascript:top.__pwned=32">"##,
    ),
    (
        "img lowsrc",
        r##"<IMG LOWSRC="javascript:top.__pwned=33">"##,
    ),
    (
        "list-style-image",
        r##"<STYLE>li {list-style-image: url("javascript:top.__pwned=34");}</STYLE><UL><LI>XSS</br>"##,
    ),
    ("svg onload", r##"<svg/onload=top.__pwned=35>"##),
    ("body onload", r##"<BODY ONLOAD=top.__pwned=36>"##),
    ("bgsound", r##"<BGSOUND SRC="javascript:top.__pwned=37;">"##),
    (
        "stylesheet link",
        r##"<LINK REL="stylesheet" HREF="javascript:top.__pwned=38;">"##,
    ),
    (
        "style import",
        r##"<STYLE>@import'javascript:'+P;</STYLE>"##,
    ),
    (
        "meta link header",
        r##"<META HTTP-EQUIV="Link" Content="<javascript:top.__pwned=40>; REL=stylesheet">"##,
    ),
    (
        "moz-binding",
        r##"<STYLE>BODY{-moz-binding:url("javascript:top.__pwned=41")}</STYLE>"##,
    ),
    (
        "style expression comment",
        r##"<IMG STYLE="xss:expr/*XSS*/ession(top.__pwned=42)">"##,
    ),
    (
        "style type javascript",
        r##"<STYLE TYPE="text/javascript">top.__pwned=43;</STYLE>"##,
    ),
    (
        "background-image url",
        r##"<DIV STYLE="background-image: url(javascript:top.__pwned=44)">"##,
    ),
    (
        "css escaped url",
        r##"<DIV STYLE="background-image:\0075\0072\006c\0028\006a\0061\0076\0061\0073\0063\0072\0069\0070\0074\003a\0074\006f\0070\002e\005f\005f\0070\0077\006e\0065\0064\003d\0034\0035\0029">"##,
    ),
    (
        "style expression",
        r##"<DIV STYLE="width: expression(top.__pwned=46);">"##,
    ),
    (
        "base href",
        r##"<BASE HREF="javascript:top.__pwned=47;//">"##,
    ),
    (
        "object scriptlet",
        r##"<OBJECT TYPE="text/x-scriptlet" DATA="data:text/html,&lt;script&gt;top.__pwned=48&lt;/script&gt;"></OBJECT>"##,
    ),
    (
        "embed svg base64",
        r##"<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjxzY3JpcHQ+dG9wLl9fcHduZWQ9NDk8L3NjcmlwdD48L3N2Zz4=" type="image/svg+xml">"##,
    ),
    (
        "meta refresh javascript",
        r##"<META HTTP-EQUIV="refresh" CONTENT="0; URL=http://;URL=javascript:top.__pwned=50;">"##,
    ),
    (
        "iframe javascript",
        r##"<IFRAME SRC="javascript:top.__pwned=51;"></IFRAME>"##,
    ),
    (
        "iframe onmouseover",
        r##"<IFRAME SRC=# onmouseover="top.__pwned=52"></IFRAME>"##,
    ),
    (
        "frameset",
        r##"<FRAMESET><FRAME SRC="javascript:top.__pwned=53;"></FRAMESET>"##,
    ),
    (
        "table background",
        r##"<TABLE BACKGROUND="javascript:top.__pwned=54"><tr><td>t</td></tr></TABLE>"##,
    ),
    (
        "td background",
        r##"<TABLE><TD BACKGROUND="javascript:top.__pwned=55">cell</TD></TABLE>"##,
    ),
    ("behavior htc", r##"<XSS STYLE="behavior: url(xss.htc);">"##),
    ("vbscript", r##"<IMG SRC='vbscript:msgbox("XSS")'>"##),
    (
        "entity inside scheme",
        r##"<a href="javas&#99;ript:top.__pwned=58">entity</a>"##,
    ),
    (
        "colon entity",
        r##"<a href="javascript&colon;top.__pwned=59">colon</a>"##,
    ),
    (
        "leading hex entity",
        r##"<a href="&#x6A;avascript:top.__pwned=60">leading</a>"##,
    ),
    (
        "leading spaces",
        r##"<a href="  javascript:top.__pwned=61">spaces</a>"##,
    ),
    (
        "details ontoggle",
        r##"<details open ontoggle="top.__pwned=62"><summary>Details</summary></details>"##,
    ),
    (
        "scheme-like src onerror",
        r##"<img src=x:x onerror=top.__pwned=63>"##,
    ),
    (
        "video source onerror",
        r##"<video><source onerror="top.__pwned=64"></video>"##,
    ),
    (
        "audio onerror",
        r##"<audio src=x onerror=top.__pwned=65></audio>"##,
    ),
    (
        "marquee onstart",
        r##"<marquee onstart=top.__pwned=66>m</marquee>"##,
    ),
    (
        "math mutation",
        r##"<math><mtext><table><mglyph><style><img src=x onerror=top.__pwned=67></style></mglyph></table></mtext></math>"##,
    ),
    (
        "noscript mutation",
        r##"<noscript><p title="</noscript><img src=x onerror=top.__pwned=68>"></noscript>"##,
    ),
    (
        "svg style mutation",
        r##"<svg><style><img src=x onerror=top.__pwned=69></style></svg>"##,
    ),
    (
        "button formaction",
        r##"<form><button formaction="javascript:top.__pwned=70">go</button></form>"##,
    ),
    (
        "form action",
        r##"<form action="javascript:top.__pwned=71"><button>Send</button></form>"##,
    ),
    (
        "data html link",
        r##"<a href="data:text/html;base64,PHNjcmlwdD50b3AuX19wd25lZD03Mjwvc2NyaXB0Pg==">data</a>"##,
    ),
    (
        "input autofocus",
        r##"<input onfocus=top.__pwned=73 autofocus>"##,
    ),
    (
        "select autofocus",
        r##"<select autofocus onfocus=top.__pwned=74></select>"##,
    ),
    (
        "textarea autofocus",
        r##"<textarea autofocus onfocus=top.__pwned=75></textarea>"##,
    ),
    (
        "object javascript",
        r##"<object data="javascript:top.__pwned=76"></object>"##,
    ),
    (
        "embed javascript",
        r##"<embed src="javascript:top.__pwned=77">"##,
    ),
    (
        "unknown element onclick",
        r##"<x onclick=top.__pwned=78>click</x>"##,
    ),
    (
        "conditional comment",
        r##"<!--[if gte IE 4]><SCRIPT>top.__pwned=79</SCRIPT><![endif]-->"##,
    ),
    (
        "script attribute bracket",
        r##"<SCRIPT a=">" SRC="data:,top.__pwned=80"></SCRIPT>"##,
    ),
    (
        "svg xlink",
        r##"<svg><a xlink:href="javascript:top.__pwned=81"><text x="20" y="20">XSS</text></a></svg>"##,
    ),
    (
        "svg script",
        r##"<svg><script>top.__pwned=82</script></svg>"##,
    ),
    (
        "svg animate",
        r##"<svg><animate onbegin="top.__pwned=83" attributeName="x" dur="1s"></animate></svg>"##,
    ),
    (
        "img srcset onerror",
        r##"<img srcset="x" onerror=top.__pwned=84>"##,
    ),
    (
        "iframe srcdoc",
        r##"<iframe srcdoc="&lt;script&gt;top.__pwned=85&lt;/script&gt;"></iframe>"##,
    ),
    (
        "pointer event",
        r##"<div onpointerover=top.__pwned=86>hover</div>"##,
    ),
    (
        "meta refresh plain",
        r##"<meta http-equiv="refresh" content="0;url=javascript:top.__pwned=87">"##,
    ),
];
