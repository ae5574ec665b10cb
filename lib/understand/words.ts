/**
 * @module understand/words
 * The vocabulary `element` descriptions and page signals are compared in: words reduced to a
 * match key by a small rule-based lemmatiser (plurals, -ing, -ed, a few irregulars), phrases
 * mapped to concepts (`"table of contents"` → `@toc`, `"sign up"` → `@signup`, `plan` → `@pricing`)
 * and ordinals (`first`, `2nd`, `last`). Both sides go through the same `terms()`, so a class
 * name `pricingTable`, a heading "Plans & Pricing" and the description "the pricing table" meet
 * on the same terms.
 */

/** A term is a concept (`@pricing`) or the match key of a word outside the lexicon (`enterpris`). */
export type Term = string;

const IRREGULAR: Record<string, string> = {
  children: 'child',
  people: 'person',
  men: 'man',
  women: 'woman',
  mice: 'mouse',
  indices: 'index',
  analyses: 'analysis',
  criteria: 'criterion',
  quizzes: 'quiz',
  bought: 'buy',
  sold: 'sell',
  said: 'say',
  says: 'say',
  saying: 'say',
  news: 'news',
  series: 'series',
  status: 'status',
  analytics: 'analytics',
  plus: 'plus',
  us: 'us',
  has: 'have',
  was: 'be',
  is: 'be',
  are: 'be',
};

const VOWEL = /[aeiouy]/;

/** The lemma of a lowercase word: `plans` → `plan`, `pricing` → `price`, `featured` → `feature`. */
export function lemma(word: string): string {
  const w = word.toLowerCase();
  const irregular = IRREGULAR[w];
  if (irregular) return irregular;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (/(ss|us|is|ous)$/.test(w)) return w;
  if (/(sses|xes|ches|shes|zzes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  if (w.endsWith('ing') && w.length >= 6) return restoreStem(w.slice(0, -3));
  if (w.endsWith('ied') && w.length >= 5) return w.slice(0, -3) + 'y';
  if (w.endsWith('ed') && w.length >= 5) return restoreStem(w.slice(0, -2));
  return w;
}

/** `runn` → `run`, `pric` → `price`, `list` → `list` (the stem left by -ing/-ed). */
function restoreStem(stem: string): string {
  const n = stem.length;
  if (n >= 3 && stem[n - 1] === stem[n - 2] && !'lsz'.includes(stem[n - 1]!)) return stem.slice(0, -1);
  const groups = stem.match(/[aeiouy]+/g)?.length ?? 0;
  const cvc = n >= 3 && !VOWEL.test(stem[n - 1]!) && VOWEL.test(stem[n - 2]!) && !VOWEL.test(stem[n - 3]!);
  if (groups === 1 && cvc && !'wxy'.includes(stem[n - 1]!)) return stem + 'e';
  return stem;
}

/** What two words are compared by: the lemma without a final `e` (`feature`, `featur(ing)` meet). */
export function wordKey(word: string): string {
  const l = lemma(word);
  return l.length > 3 && l.endsWith('e') ? l.slice(0, -1) : l;
}

/**
 * Concepts and the phrases that name them. A phrase is matched on word keys, longest first, so
 * "table of contents" is `@toc` and never `@table`, and "sign up form" is `@signup` + `@form`.
 */
const LEXICON: Record<string, string[]> = {
  pricing: [
    'pricing',
    'price',
    'plan',
    'tier',
    'subscription',
    'cost',
    'billing',
    'package',
    'per month',
    'per year',
    'per seat',
    'monthly',
    'annually',
  ],
  signup: [
    'sign up',
    'signup',
    'register',
    'registration',
    'create account',
    'create an account',
    'join',
    'waitlist',
    'wait list',
    'get started',
    'subscribe',
    'newsletter',
    'mailing list',
    'email updates',
    'onboarding',
  ],
  login: ['login', 'log in', 'sign in', 'signin', 'logon', 'password', 'forgot password', 'auth'],
  form: ['form', 'fieldset'],
  field: ['field', 'input', 'textbox', 'text box', 'input box', 'text field', 'textarea', 'dropdown'],
  contact: ['contact', 'get in touch', 'reach us', 'talk to sales', 'enquiry', 'inquiry'],
  search: ['search', 'search bar', 'search box', 'searchbox', 'find', 'lookup'],
  chart: [
    'chart',
    'graph',
    'plot',
    'visualisation',
    'visualization',
    'diagram',
    'canvas',
    'sparkline',
    'trend',
    'histogram',
    'pie',
  ],
  toc: [
    'table of contents',
    'toc',
    'on this page',
    'in this article',
    'in this section',
    'jump to',
    'outline',
  ],
  hero: ['hero', 'jumbotron', 'masthead', 'splash', 'above the fold', 'intro', 'introduction', 'landing'],
  cart: ['cart', 'basket', 'bag', 'order summary', 'order', 'shopping', 'summary'],
  nav: ['nav', 'navigation', 'navbar', 'menu', 'menubar', 'main menu'],
  header: [
    'header',
    'site header',
    'page header',
    'top of the page',
    'top bar',
    'topbar',
    'app bar',
    'toolbar',
  ],
  status: ['status', 'system status', 'all systems', 'operational', 'uptime', 'health'],
  footer: ['footer', 'bottom of the page', 'colophon', 'copyright', 'site footer', 'page footer'],
  testimonial: [
    'testimonial',
    'review',
    'customer review',
    'product review',
    'user review',
    'quote',
    'customer say',
    'what people say',
    'what our customer say',
    'feedback',
    'endorsement',
    'customer story',
    'loved by',
    'praise',
    'blockquote',
    'pull quote',
    'pullquote',
    'voice',
    'customer voice',
  ],
  faq: ['faq', 'frequently asked', 'question', 'answer', 'q&a', 'qa', 'accordion'],
  feature: ['feature', 'benefit', 'capability', 'why us', 'why choose', 'what you get', 'highlight'],
  gallery: ['gallery', 'carousel', 'slideshow', 'slider', 'thumbnail', 'portfolio'],
  code: [
    'code',
    'code review',
    'diff',
    'pull request',
    'snippet',
    'example',
    'sample',
    'terminal',
    'shell',
    'console',
    'code block',
    'source',
    'cli',
  ],
  sidebar: ['sidebar', 'side bar', 'aside', 'side panel', 'side nav', 'sidenav', 'drawer', 'rail'],
  stats: [
    'kpi',
    'stat',
    'statistic',
    'metric',
    'number',
    'counter',
    'key figure',
    'at a glance',
    'by the number',
    'in number',
    'overview',
  ],
  headline: ['headline', 'title', 'heading', 'h1', 'article title', 'page title', 'main heading'],
  popular: [
    'most popular',
    'popular',
    'most read',
    'trending',
    'best',
    'recommended',
    'featured',
    'top stories',
    'latest',
  ],
  download: ['download', 'get the app', 'app store', 'google play', 'mobile app', 'app'],
  errors: ['error code', 'error', 'status code', 'exception'],
  total: ['total', 'grand total', 'amount due', 'order total', 'breakdown'],
  checkout: ['checkout', 'check out'],
  payment: ['payment', 'payment method', 'credit card', 'card detail', 'pay with', 'wallet'],
  address: ['address', 'shipping address', 'billing address', 'delivery address', 'recipient', 'ship to'],
  shipping: ['shipping', 'delivery', 'shipping method', 'delivery option', 'shipping option'],
  calculator: ['calculator', 'estimate', 'estimator', 'configurator'],
  toggle: ['toggle', 'switch', 'switcher'],
  team: ['team', 'staff', 'member', 'founder', 'leadership', 'employee', 'crew', 'who we are', 'our people'],
  logos: [
    'logo cloud',
    'logo wall',
    'trusted by',
    'used by',
    'customer',
    'client',
    'partner',
    'company',
    'as seen on',
    'social proof',
  ],
  cta: ['cta', 'call to action', 'call-to-action', 'try', 'start free', 'free trial', 'book a demo'],
  table: ['table', 'datatable', 'data table', 'spreadsheet', 'grid', 'matrix'],
  compare: ['compare', 'comparison', 'versus', 'vs', 'side by side'],
  visual: [
    'artwork',
    'art',
    'illustration',
    'graphic',
    'visual',
    'drawing',
    'hero image',
    'header image',
    'cover image',
    'featured image',
    'lead image',
    'background image',
    'mockup',
    'photo',
    'image',
    'picture',
  ],
  logo: ['logo', 'wordmark', 'brand mark', 'brandmark', 'mark', 'site name', 'logotype'],
  article: ['article', 'post', 'blog', 'story', 'essay', 'main content', 'body text', 'entry'],
  video: ['video', 'player', 'youtube', 'vimeo', 'movie', 'clip'],
  map: ['map', 'location', 'direction'],
  comments: ['comment', 'discussion', 'reply', 'replies'],
  breadcrumb: ['breadcrumb', 'breadcrumbs', 'you are here'],
  pagination: ['pagination', 'pager', 'next page', 'previous page'],
  steps: ['step', 'how it work', 'process', 'timeline', 'roadmap', 'stepper', 'wizard', 'progress'],
  product: ['product', 'item detail', 'buy box', 'add to cart', 'product detail'],
  author: [
    'author',
    'byline',
    'bio',
    'written by',
    'about the author',
    'meta',
    'date',
    'published',
    'posted',
  ],
  notice: ['alert', 'notice', 'announcement', 'notification', 'callout', 'warning', 'tip', 'admonition'],
  dialog: ['modal', 'dialog', 'popup', 'pop-up', 'overlay', 'lightbox'],
  tabs: ['tab', 'tabs', 'tablist'],
  activity: [
    'activity',
    'changelog',
    'release note',
    "what's new",
    'feed',
    'recent',
    'history',
    'log',
    'event',
    'transaction',
    'order list',
  ],
  profile: ['profile', 'account', 'user card'],
  avatar: ['avatar', 'profile picture', 'profile photo', 'headshot', 'portrait', 'userpic'],
  endpoint: ['endpoint', 'route', 'request url', 'base url', 'http method'],
  request: ['request', 'request body', 'api call'],
  response: ['response', 'response body', 'output', 'result', 'returns', 'return value'],
  params: ['parameter', 'param', 'argument', 'query string'],
  specs: ['spec', 'specification', 'tech spec', 'technical detail', 'key fact', 'dimension'],
  store: ['store', 'seller', 'merchant', 'vendor', 'storefront', 'shop info'],
  conversion: ['conversion', 'conversion rate'],
  revenue: ['revenue', 'income', 'earning', 'gmv', 'mrr', 'arr'],
  users: ['user', 'active user', 'visitor', 'session'],
  gradient: ['gradient', 'mesh'],
  social: [
    'social',
    'share',
    'follow us',
    'continue with',
    'sso',
    'single sign on',
    'identity provider',
    'google',
    'github',
    'facebook',
    'apple',
    'microsoft',
    'twitter',
    'linkedin',
  ],
  filter: ['filter', 'facet', 'refine', 'narrow by', 'filter by'],
  booking: ['booking', 'book now', 'reservation', 'reserve', 'check in', 'availability'],
  schedule: ['calendar', 'schedule', 'agenda', 'date picker'],
  list: ['list'],
};

/** What the description asks for besides its topic: a section, one item, a bar, the whole page. */
export type Shape = 'section' | 'item' | 'bar' | 'whole';

/** Words that name the shape of a part, not its topic: they steer container vs item, never match. */
const SHAPES: Record<string, Shape> = {
  section: 'section',
  block: 'section',
  area: 'section',
  region: 'section',
  part: 'section',
  container: 'section',
  module: 'section',
  panel: 'section',
  widget: 'section',
  component: 'section',
  wrapper: 'section',
  box: 'section',
  strip: 'bar',
  band: 'section',
  banner: 'section',
  row: 'section',
  column: 'section',
  card: 'item',
  item: 'item',
  tile: 'item',
  bar: 'bar',
  one: 'item',
  option: 'item',
  page: 'whole',
  site: 'whole',
  screen: 'whole',
  website: 'whole',
};

const STOP = new Set(
  'the a an of on in at to for and or with my our your their its this that these those from by de la le el is be are show me capture screenshot element all any some just only please'.split(
    ' ',
  ),
);

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  last: -1,
  final: -1,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
  '5th': 5,
  '6th': 6,
  '7th': 7,
  '8th': 8,
  '9th': 9,
  '10th': 10,
};

/**
 * The same concepts in the languages pages are most often written in besides English (ja, zh,
 * ko, ar, he, es, fr, de, pt), space-separated. Words in Latin script are matched like English
 * words; the others as substrings of a run of text, since Chinese and Japanese have no spaces and
 * Korean, Arabic and Hebrew attach particles and articles to the word ("로그인으로", "المراجعات").
 * Only forms of two characters or more that rarely mean anything else.
 */
const FOREIGN: Record<string, string> = {
  pricing:
    '料金 価格 値段 プラン 月額 年額 价格 价目 套餐 定价 资费 包月 包年 요금 가격 플랜 요금제 الأسعار أسعار سعر الخطط الباقات מחיר מחירים תמחור מסלולים precios planes tarifas tarifs prix preise tarife preços planos',
  signup:
    '新規登録 会員登録 サインアップ 無料登録 注册 免费注册 회원가입 가입하기 اشترك اشتراك הרשמה הירשמו registrarse regístrate inscription inscrivez registrieren registrierung cadastro cadastre',
  login:
    'ログイン サインイン パスワード 登录 登入 密码 로그인 비밀번호 الدخول المرور התחברות כניסה סיסמה iniciar sesión contraseña connexion connecter anmelden anmeldung passwort entrar senha',
  form: 'フォーム 表单 양식 نموذج טופס formulario formulaire formular formulário',
  contact:
    'お問い合わせ 問い合わせ 联系我们 联系 문의 연락처 اتصل تواصل צרו קשר contacto contáctanos contactez kontakt contato',
  search:
    '検索 搜索 查找 검색 بحث ابحث חיפוש חפש buscar búsqueda recherche rechercher suche suchen pesquisa pesquisar busca',
  chart: 'グラフ チャート 图表 趋势图 차트 그래프 بياني مخطط תרשים גרף gráfico graphique diagramm',
  toc: '目次 目录 목차 المحتويات העניינים índice sommaire inhaltsverzeichnis',
  cart: 'カート 買い物かご 注文内容 ご注文 购物车 订单 주문 장바구니 السلة عربة הזמנה עגלה carrito panier warenkorb carrinho pedido',
  nav: 'メニュー ナビ 菜单 导航 메뉴 القائمة التنقل תפריט menú navegación navigation',
  footer: 'フッター 著作権 版权所有 页脚 푸터 저작권 الحقوق הזכויות derechos droits réservés',
  testimonial:
    'レビュー 口コミ クチコミ お客様の声 评价 好评 评测 리뷰 후기 평점 مراجعات تقييمات آراء ביקורות המלצות חוות reseñas testimonios valoraciones avis témoignages bewertungen kundenstimmen erfahrungsberichte avaliações depoimentos',
  faq: 'よくある質問 質問 常见问题 问答 问题 자주 질문 الأسئلة الشائعة שאלות נפוצות preguntas frecuentes questions fréquentes fragen häufige perguntas',
  feature:
    '機能 特長 特徴 功能 特性 特点 优势 기능 특징 الميزات ميزات المزايا תכונות יתרונות características ventajas fonctionnalités avantages funktionen vorteile recursos funcionalidades vantagens',
  gallery: 'ギャラリー 相册 图集 갤러리 معرض גלריה galería galerie galeria',
  visual:
    '画像 写真 图片 图像 이미지 사진 صورة صور תמונה תמונות imagen imágenes bild bilder imagem foto fotos',
  specs:
    '仕様 スペック 規格 规格 参数规格 사양 스펙 المواصفات مواصفات מפרט especificaciones ficha técnica caractéristiques technische daten especificações',
  request: 'リクエスト 请求 요청 طلب בקשה solicitud requête anfrage requisição',
  params:
    'パラメータ パラメーター 引数 参数 파라미터 매개변수 المعلمات معلمات פרמטרים parámetros paramètres parameter parâmetros',
  endpoint: 'エンドポイント 端点 接口地址 엔드포인트',
  team: 'チーム メンバー 团队 成员 팀원 فريق צוות equipo équipe mannschaft equipe',
  logos:
    '導入企業 導入事例 取引先 客户 合作伙伴 고객사 파트너 العملاء שותפים לקוחות clientes socios partenaires kunden',
  checkout: '購入手続き 注文手続き お手続き 结算 结账 주문서 finalizar caisse kasse',
  payment: 'お支払い 支払い 決済 支付 付款 결제 지불 الدفع תשלום pago paiement zahlung zahlungsart pagamento',
  address:
    'お届け先 配送先 送付先 住所 郵便番号 收货地址 收货人 配送地址 地址 邮编 배송지 주소 우편번호 عنوان כתובת dirección adresse lieferadresse endereço',
  shipping:
    '配送 配達 発送 送货 配送方式 운송 배송 الشحن التوصيل משלוח envío livraison versand entrega frete',
  total:
    '合計 小計 総額 お支払い金額 总计 合计 总价 应付 합계 총액 결제금액 المجموع الإجمالي סך סה״כ gesamt gesamtsumme summe',
  calculator:
    '計算 シミュレーション 计算器 计算 估算 계산기 계산 حاسبة מחשבון calculadora calculatrice rechner',
  toggle: '切り替え 切替 切换 토글 تبديل מתג alternar bascule umschalter',
  conversion:
    'コンバージョン 转化 전환율 التحويلات التحويل המרות המרה conversiones conversions konversionen conversões',
  revenue: '売上 収益 收入 营收 销售额 매출 수익 الإيرادات הכנסות ingresos revenus umsatz receita',
  users:
    'ユーザー 訪問者 セッション 用户 访客 会话 사용자 방문자 세션 المستخدمين המשתמשים משתמשים usuarios utilisateurs nutzer benutzer usuários',
  comments: 'コメント 评论 留言 댓글 تعليقات תגובות comentarios commentaires kommentare comentários',
  code: 'コード サンプル 代码 示例 코드 예제 예시 الكود קוד ejemplo exemple beispiel exemplo',
  errors: 'エラー 错误 에러 오류 أخطاء خطأ שגיאות שגיאה errores erreurs fehler erros',
  download: 'ダウンロード 下载 다운로드 تحميل تنزيل הורדה descargar télécharger herunterladen baixar',
  product:
    'カートに入れる 加入购物车 立即购买 商品 製品 产品 상품 제품 منتج מוצר producto produit produkt produto',
  store:
    'ショップ 店舗 出品者 ストア 店铺 旗舰店 商家 卖家 店家 판매자 상점 스토어 متجر البائع חנות מוכר tienda vendedor boutique vendeur händler geschäft loja',
  steps: 'ステップ 手順 步骤 流程 단계 خطوات שלבים pasos étapes schritte passos',
  video: '動画 ビデオ 视频 동영상 비디오 فيديو סרטון וידאו vídeo vidéo',
  map: '地図 マップ 地图 지도 خريطة מפה mapa karte',
  notice: 'お知らせ 通知 公告 공지 알림 إشعار הודעה aviso',
  stats:
    '実績 統計 统计 数据 통계 지표 إحصائيات סטטיסטיקה estadísticas statistiques statistiken estatísticas',
  popular: '人気 热门 推荐 인기 추천 الأكثر פופולרי',
  compare: '比較 比较 对比 비교 مقارنة השוואה comparación comparaison vergleich comparação',
  table: '一覧表 表格 테이블 جدول טבלה tabla tableau tabelle tabela',
  article: '記事 文章 기사 본문 مقال מאמר artículo artikel artigo',
  author:
    '日時 日付 日期 날짜 著者 筆者 作者 作成者 작성자 글쓴이 الكاتب المؤلف כותב מחבר autor auteur verfasser',
  social: '카카오 네이버 微信 微博 ソーシャル 社交 소셜',
  profile: 'プロフィール 个人资料 프로필 الملف פרופיל perfil profil',
  hero: 'ヒーロー',
  header: 'ヘッダー 页眉 헤더',
  sidebar: 'サイドバー 侧边栏 사이드바',
  tabs: 'タブ 标签页 탭',
  cta: '無料で始める 今すぐ 立即 免费试用 무료로 지금',
};

/** Is a word written in a script without spaces between words, or with clitics attached? */
const JOINED = /[\u0590-\u06ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

/** Non-Latin forms by their first character, longest first: matched inside runs of text. */
const INFIXES: Map<string, { form: string; concept: string }[]> = new Map();

/** Phrases by their first word key, longest first: `key[] → concept`. */
const PHRASES: Map<string, { keys: string[]; concept: string }[]> = (() => {
  const byFirst = new Map<string, { keys: string[]; concept: string }[]>();
  for (const [concept, phrases] of Object.entries(LEXICON)) {
    for (const phrase of phrases) {
      const keys = splitWords(phrase).map(wordKey);
      const list = byFirst.get(keys[0]!) ?? [];
      list.push({ keys, concept: '@' + concept });
      byFirst.set(keys[0]!, list);
    }
  }
  for (const [concept, forms] of Object.entries(FOREIGN)) {
    for (const form of forms.split(' ')) {
      if (JOINED.test(form)) {
        const list = INFIXES.get(form[0]!) ?? [];
        list.push({ form, concept: '@' + concept });
        INFIXES.set(form[0]!, list);
        continue;
      }
      const keys = splitWords(form).map(wordKey);
      if (keys.length === 0 || byFirst.get(keys[0]!)?.some((p) => p.keys.join(' ') === keys.join(' ')))
        continue;
      const list = byFirst.get(keys[0]!) ?? [];
      list.push({ keys, concept: '@' + concept });
      byFirst.set(keys[0]!, list);
    }
  }
  for (const list of INFIXES.values()) list.sort((a, b) => b.form.length - a.form.length);
  for (const list of byFirst.values()) list.sort((a, b) => b.keys.length - a.keys.length);
  return byFirst;
})();

/** Lowercase words of a text, identifiers split: `pricingTable`, `pricing-table`, `pricing_table`. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/q&a/g, 'qa')
    .split(/[^a-z0-9\u00c0-\uffff]+/)
    .filter((w) => w.length > 0);
}

/**
 * The terms of a text: concepts for lexicon phrases, match keys for other words; stopwords dropped.
 * With `literals`, the keys of the words inside phrases too (`example` beside `@code`).
 */
export function terms(text: string, literals = false): Term[] {
  const keys = splitWords(text).map(wordKey);
  const out: Term[] = [];
  for (let i = 0; i < keys.length; ) {
    const key = keys[i]!;
    const phrase = PHRASES.get(key)?.find((p) => p.keys.every((k, j) => keys[i + j] === k));
    if (phrase) {
      out.push(phrase.concept);
      if (literals) for (const k of phrase.keys) if (!STOP.has(k) && k.length > 1) out.push(k);
      i += phrase.keys.length;
      continue;
    }
    if (!STOP.has(key) && key.length > 1 && !/^\d+$/.test(key)) out.push(key);
    if (JOINED.test(key)) out.push(...infixes(key));
    i++;
  }
  return out;
}

/** Articles and conjunctions Arabic and Hebrew write joined to the next word. */
const CLITIC = /^(?:وال|بال|فال|كال|لل|ال|و|ب|ل|ف|ك|וה|שה|בה|מה|לה|ה|ו|ב|ל|מ|ש|כ)/;

/**
 * The concepts named inside a run of CJK or Korean text, left to right. An Arabic or Hebrew word
 * is one form with a clitic before it and at most a short suffix after (`المراجعات`), never a
 * substring anywhere (`صور` "pictures" is inside the name `المنصوري`).
 */
function infixes(run: string): Term[] {
  if (/[\u0590-\u06ff]/.test(run)) {
    for (const word of [run, run.replace(CLITIC, '')]) {
      const hit = INFIXES.get(word[0] ?? '')?.find(
        (f) => word.startsWith(f.form) && word.length - f.form.length <= 2,
      );
      if (hit) return [hit.concept];
    }
    return [];
  }
  const out: Term[] = [];
  for (let i = 0; i < run.length; ) {
    const hit = INFIXES.get(run[i]!)?.find((f) => run.startsWith(f.form, i));
    if (hit) out.push(hit.concept);
    i += hit ? hit.form.length : 1;
  }
  return out;
}

export interface ParsedDescription {
  /** Topic terms, in order, without shapes and ordinals. */
  terms: Term[];
  /** Words the lexicon turned into concepts, kept to tell apart what the concepts alone cannot. */
  literals: Term[];
  /** 1-based position among similar items; -1 is the last; absent when none is named. */
  ordinal?: number;
  /** What the shape words ask for. */
  shape?: Shape;
  /** The description names a single item (`testimonial`, not `testimonials`). */
  singular: boolean;
}

/** "the second plan" → `{ terms: ['@pricing'], ordinal: 2, shape: undefined, singular: true }`. */
export function parseDescription(description: string): ParsedDescription {
  const words = splitWords(description);
  let ordinal: number | undefined;
  let shape: ParsedDescription['shape'];
  const kept: string[] = [];
  for (const [i, word] of words.entries()) {
    const n = ORDINALS[word];
    if (n !== undefined && ordinal === undefined) {
      ordinal = n;
      continue;
    }
    const s = SHAPES[wordKey(word)];
    if (s && !isPartOfPhrase(words, i)) {
      shape ??= s;
      continue;
    }
    kept.push(word);
  }
  // Only shape words ("banner"): they are the topic then.
  const found = kept.length > 0 ? terms(kept.join(' ')) : terms(words.join(' ')).filter((t) => !shape || t);
  if (kept.length === 0) shape = undefined;
  const literals = terms(kept.join(' '), true).filter((t) => !t.startsWith('@') && !found.includes(t));
  const last = words.at(-1) ?? '';
  const singular = !(last.endsWith('s') && lemma(last) !== last);
  return { terms: found, literals, ordinal, shape, singular };
}

/** Is `words[i]` inside a lexicon phrase ("search bar", "side bar") rather than a shape on its own? */
function isPartOfPhrase(words: string[], i: number): boolean {
  const keys = words.map(wordKey);
  for (let start = Math.max(0, i - 3); start <= i; start++) {
    for (const p of PHRASES.get(keys[start]!) ?? []) {
      if (p.keys.length > 1 && start + p.keys.length > i && p.keys.every((k, j) => keys[start + j] === k))
        return true;
    }
  }
  return false;
}
