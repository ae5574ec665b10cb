/**
 * @module understand/page-words
 * The multilingual keyword patterns the page-type scorers in `classify.ts` count: words that
 * mark a sign-in form, a checkout, a pricing table, docs, a dashboard, an article, a product
 * page, a portfolio or a landing page, in English and the common Latin-script languages plus
 * Japanese, Chinese, Korean, Arabic, Hebrew and Russian. Each is a global, case-insensitive
 * regex built by `words()`; a few (`CARD_FIELDS`, `ADDRESS_FIELDS`) match form-field names.
 * Data only, no logic beyond building the patterns.
 */
/**
 * A keyword set: Latin-script words matched on word boundaries, other scripts (CJK, Arabic,
 * Hebrew, Cyrillic — where `\b` does not work) as plain substrings.
 */
export const words = (latin: string, other = ''): RegExp =>
  new RegExp(`\\b(?:${latin})\\b${other ? `|${other}` : ''}`, 'gi');

export const LOGIN_WORDS = words(
  'log ?in|sign ?in|sign ?up|create (an |your )?account|register|forgot(ten)? (your )?password|welcome back|reset (your )?password|continue with (google|github|apple|microsoft|email|sso)|magic link|single sign-on|iniciar sesión|inicia sesión|entrar|contraseña|se connecter|connexion|mot de passe|anmelden|einloggen|passwort|senha|accedi|accesso',
  'ログイン|サインイン|パスワード|登录|登入|注册|密码|로그인|회원가입|비밀번호|تسجيل الدخول|كلمة المرور|התחברות|כניסה|סיסמה|войти|вход|пароль',
);
export const CHECKOUT_WORDS = words(
  'check ?out|payment( method| details)?|billing (address|details)|shipping (address|method|details)|delivery (address|method)|order summary|place (your )?order|pay now|complete (your )?(purchase|order)|card number|review (your )?order|subtotal|contact information|finalizar compra|pago|paiement|commande|kasse|zahlung|bestellung|pagamento|resumen del pedido|récapitulatif',
  'お支払い|購入手続き|注文内容|ご注文|结算|结账|支付|订单|결제|주문|الدفع|إتمام الشراء|الطلب|תשלום|קופה|הזמנה|оформление заказа|оплата|корзина',
);
export const CARD_FIELDS =
  /\bcc-(number|exp|csc|name)|card ?number|\bcvc\b|\bcvv\b|expir|カード番号|卡号|카드 번호|رقم البطاقة|מספר כרטיס/g;
export const ADDRESS_FIELDS =
  /postal-code|address-line|street-address|address-level|\bzip\b|postcode|\bcity\b|country/g;
export const PRICING_WORDS = words(
  'pricing|prices|plans?( (and|&) pricing)?|choose (your|a) plan|compare plans|billed (monthly|annually|yearly)|per (month|year|user|seat)|free trial|simple,? (transparent )?pricing|money-back|most popular|precios|planes|tarifs|forfaits|preise|tarife|preços|planos|prezzi|piani',
  '料金|価格|プラン|价格|定价|套餐|方案|요금|가격|플랜|الأسعار|الخطط|التسعير|باقات|الباقات|מחיר|מחירים|תוכניות|מסלולים|цены|тарифы',
);
/** Plan names on price cards: these, not dish or product names, make prices a pricing table. */
export const PLAN_NAMES = words(
  'free|starter|basic|pro|plus|premium|team|teams|business|enterprise|personal|hobby|growth|scale|standard|advanced|ultimate|professional|individual|startup',
  '無料|フリー|ベーシック|スタンダード|プロ|ビジネス|エンタープライズ|免费|基础版|标准版|专业版|企业版|무료|베이직|프로|비즈니스|엔터프라이즈|مجاني|أساسي|احترافي|مؤسسات|חינם|בסיסי|עסקי|מקצועי|ארגוני',
);
export const DOCS_WORDS = words(
  'installation|install|getting started|quick ?start|api reference|usage|configuration|parameters|arguments|returns|options|introduction|tutorial|reference|examples?|prerequisites|requirements|troubleshooting|changelog|migration|guides?|authentication|endpoints?|request|response|errors?|instalación|primeros pasos|démarrage|erste schritte|parâmetros|parámetros|paramètres',
  'インストール|はじめに|使い方|リファレンス|パラメータ|安装|快速开始|入门|参数|示例|返回|설치|시작하기|매개변수|파라미터|예시|응답|요청|التثبيت|البدء|المعاملات|התקנה|תחילת עבודה|פרמטרים|установка|параметры',
);
export const DOCS_TITLE = words(
  'docs|documentation|reference|guide|api|manual|handbook|tutorial|sdk|developers?|documentación|dokumentation',
  'ドキュメント|開発者|文档|开发者|文檔|문서|개발자|التوثيق|الوثائق|للمطورين|תיעוד|מפתחים|документация',
);
export const DASHBOARD_WORDS = words(
  'dashboard|overview|analytics|reports?|revenue|active users|total (users|sales|revenue|orders)|recent (orders|activity|transactions)|conversion( rate)?|sessions|metrics|kpis?|this (week|month)|last (7|30) days|balance|transactions|good (morning|afternoon|evening)|welcome back, \\w+|panel|übersicht|umsatz|ingresos|chiffre d.affaires',
  'ダッシュボード|概要|売上|分析|仪表盘|仪表板|控制台|概览|营收|销售额|대시보드|개요|매출|لوحة التحكم|الإيرادات|לוח בקרה|הכנסות|панель|выручка',
);
export const APP_NAV = words(
  'dashboard|overview|analytics|reports|settings|customers|orders|invoices|billing|team|members|integrations|inbox|activity|users|accounts|transactions|products|inventory|payments|logout|log out',
  'ダッシュボード|設定|顧客|注文|仪表盘|设置|客户|订单|대시보드|설정|고객|주문|الإعدادات|العملاء|הגדרות|לקוחות|настройки|клиенты',
);
export const ARTICLE_WORDS = words(
  '\\d+ min(ute)?s? read|posted (on|by)|published|written by|updated|comments?|related (posts|articles|stories|reading)|share (this|on)|about the author|table of contents|min de lectura|lecture|lesezeit|leitura',
  '分で読める|分钟阅读|阅读时间|분 읽기|دقائق قراءة|דקות קריאה|мин чтения',
);
export const PRODUCT_BUTTONS = words(
  'add to (cart|bag|basket|wishlist)|buy (it )?now|pre-?order|notify me|select (a )?size|añadir al carrito|comprar|ajouter au panier|in den warenkorb|jetzt kaufen|adicionar ao carrinho|aggiungi al carrello',
  'カートに入れる|今すぐ購入|加入购物车|立即购买|加入購物車|장바구니|바로 구매|구매하기|أضف إلى السلة|اشتر الآن|הוסף לסל|לקנייה|в корзину|купить',
);
export const PRODUCT_WORDS = words(
  'reviews?|specifications?|specs|product details|details|description|shipping (&|and) returns|size (guide|chart)|in stock|free (shipping|returns|delivery)|you may also like|customers also|materials?|dimensions|warranty|what.s in the box|features',
  '商品詳細|レビュー|仕様|商品说明|规格|评价|상품 정보|리뷰|사양|المواصفات|التقييمات|מפרט|ביקורות|характеристики|отзывы',
);
export const PORTFOLIO_WORDS = words(
  'selected work|my work|work|projects|experience|case stud(y|ies)|portfolio|about me|hire me|i.m an? |designer|developer|photograph(er|y)|illustrat(or|ion)|freelance|clients|resume|cv|contact me|let.s (work|talk|build|create)|available for|proyectos|projets|projekte|trabalhos',
  '作品|ポートフォリオ|作品集|项目|포트폴리오|작품|أعمالي|معرض الأعمال|תיק עבודות|портфолио',
);
export const LANDING_CTA = words(
  'get started|start (for )?free|start (your )?(free )?trial|sign up( free)?|try (it )?(for )?free|request (a )?demo|book a demo|get a demo|join (the )?waitlist|download|learn more|get the app|start building|contact sales|get early access|order now|empezar|commencer|jetzt starten|começar',
  '無料で始める|今すぐ始める|始める|免费试用|立即开始|免费注册|무료로 시작|시작하기|ابدأ|جرب مجان|התחילו|התחל|начать',
);
export const LANDING_WORDS = words(
  'features|why \\w+|how it works|testimonials|trusted by|loved by|used by|customers|integrations|faq|frequently asked|ready to|everything you need|built for|powered by|all-in-one|for teams|caractéristiques|funciones|funktionen',
  '機能|特長|導入事例|よくある質問|功能|特性|客户案例|常见问题|기능|특징|고객 사례|자주 묻는|الميزات|المميزات|الأسئلة الشائعة|תכונות|יתרונות|שאלות נפוצות|возможности',
);
