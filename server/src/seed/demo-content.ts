// Demo content for the COVID-19 knowledge and data hub: 16 knowledge groups and
// a small set of sample entries (English and Simplified Chinese). Data only.

export interface DemoGroup {
  slug: string;
  name: string;
  nameZh: string;
  description: string;
  descriptionZh: string;
}

export type DemoBlock = { type: 'heading'; level: 2 | 3; text: string } | { type: 'paragraph'; text: string } | { type: 'bullets'; items: string[] };

export interface DemoEntry {
  groupSlug: string; // one of DEMO_GROUPS' slugs
  title: string;
  summary: string; // one or two sentences
  language: 'en' | 'zh';
  tags: string[];
  kind: 'article' | 'dataset' | 'protocol' | 'faq';
  body: DemoBlock[];
}

export const DEMO_GROUPS: DemoGroup[] = [
  {
    slug: 'epidemiology',
    name: 'Pandemic & Epidemiology',
    nameZh: '疫情与流行病学',
    description: 'How SARS-CoV-2 spreads through populations, from transmission parameters and surveillance to the course of the pandemic.',
    descriptionZh: '研究新冠病毒在人群中的传播规律，涵盖传播参数、疫情监测以及大流行的发展进程。',
  },
  {
    slug: 'vaccines',
    name: 'Vaccines',
    nameZh: '疫苗',
    description: 'COVID-19 vaccine platforms, clinical trials, effectiveness, safety and booster strategies.',
    descriptionZh: '新冠疫苗的技术平台、临床试验、保护效果、安全性及加强免疫策略。',
  },
  {
    slug: 'antiviral-drugs',
    name: 'Antiviral Drugs',
    nameZh: '抗病毒药物',
    description: 'Antiviral and antibody therapies against SARS-CoV-2, their mechanisms of action and the evidence for their use.',
    descriptionZh: '针对新冠病毒的抗病毒药物和抗体疗法，包括其作用机制及临床应用证据。',
  },
  {
    slug: 'clinical-medicine',
    name: 'Clinical Medicine',
    nameZh: '临床医学',
    description: 'Diagnosis, classification, treatment and care of patients with COVID-19 across all levels of severity.',
    descriptionZh: '新冠病毒感染患者在各严重程度下的诊断、临床分型、治疗与护理。',
  },
  {
    slug: 'traditional-chinese-medicine',
    name: 'Traditional Chinese Medicine',
    nameZh: '中医药',
    description: 'The use of traditional Chinese medicine in COVID-19 prevention and treatment, and a critical look at its evidence base.',
    descriptionZh: '中医药在新冠预防和治疗中的应用，以及对其证据基础的审慎评估。',
  },
  {
    slug: 'new-technology',
    name: 'New Technology Applications',
    nameZh: '新技术应用',
    description: 'Digital tools, artificial intelligence and other emerging technologies applied to research, surveillance and care during the pandemic.',
    descriptionZh: '疫情期间应用于科研、监测和医疗服务的数字工具、人工智能及其他新兴技术。',
  },
  {
    slug: 'virology-genomics',
    name: 'Virology & Genomics',
    nameZh: '病毒学与基因组学',
    description: 'The biology of SARS-CoV-2, its genome, proteins, variants and evolution.',
    descriptionZh: '新冠病毒的生物学特性，包括其基因组、蛋白质、变异株及演化。',
  },
  {
    slug: 'diagnostics-testing',
    name: 'Diagnostics & Testing',
    nameZh: '诊断与检测',
    description: 'Molecular, antigen and antibody tests for SARS-CoV-2, including sampling, laboratory procedures and result interpretation.',
    descriptionZh: '新冠病毒的核酸、抗原和抗体检测，包括采样、实验室操作及结果解读。',
  },
  {
    slug: 'immunology',
    name: 'Immunology',
    nameZh: '免疫学',
    description: 'Innate and adaptive immune responses to SARS-CoV-2 infection and vaccination, including immune escape and waning.',
    descriptionZh: '机体对新冠病毒感染和疫苗接种的固有免疫与适应性免疫应答，包括免疫逃逸与免疫衰减。',
  },
  {
    slug: 'prevention-transmission',
    name: 'Prevention & Transmission',
    nameZh: '预防与传播',
    description: 'Routes of transmission and the non-pharmaceutical measures, such as masks and ventilation, that reduce them.',
    descriptionZh: '新冠病毒的传播途径，以及口罩、通风等降低传播风险的非药物干预措施。',
  },
  {
    slug: 'long-covid',
    name: 'Long COVID',
    nameZh: '新冠后遗症',
    description: 'Symptoms that persist or emerge after acute infection, their definitions, possible mechanisms and management.',
    descriptionZh: '急性感染后持续存在或新出现的症状，包括其定义、可能机制及管理方法。',
  },
  {
    slug: 'public-health-policy',
    name: 'Public Health Policy',
    nameZh: '公共卫生政策',
    description: 'Public health strategies, regulations and interventions adopted in response to COVID-19 and what can be learned from them.',
    descriptionZh: '应对新冠疫情所采取的公共卫生策略、法规和干预措施及其经验教训。',
  },
  {
    slug: 'mental-health',
    name: 'Mental Health',
    nameZh: '心理健康',
    description: 'The psychological impact of the pandemic on patients, health workers and the general public, and ways to support them.',
    descriptionZh: '疫情对患者、医务人员和公众造成的心理影响，以及相应的心理支持方法。',
  },
  {
    slug: 'data-modelling',
    name: 'Data & Modelling',
    nameZh: '数据与建模',
    description: 'Mathematical and statistical models used to understand, forecast and plan for the course of the pandemic.',
    descriptionZh: '用于理解、预测和规划疫情发展的数学与统计模型。',
  },
  {
    slug: 'health-systems',
    name: 'Health Systems & Logistics',
    nameZh: '卫生系统与物资保障',
    description: 'Hospital capacity, health workforce, supply chains and the logistics of delivering tests, treatments and vaccines.',
    descriptionZh: '医院收治能力、卫生人力、供应链，以及检测、药物和疫苗的配送保障。',
  },
  {
    slug: 'open-data-literature',
    name: 'Open Data & Literature',
    nameZh: '开放数据与文献',
    description: 'Open datasets, preprints and literature collections that support transparent and reproducible COVID-19 research.',
    descriptionZh: '支持透明、可重复新冠研究的开放数据集、预印本和文献资源。',
  },
];

export const DEMO_ENTRIES: DemoEntry[] = [
  {
    groupSlug: 'epidemiology',
    title: 'Basic reproduction number (R0) of SARS-CoV-2',
    summary:
      'What R0 means, how it was estimated for the ancestral strain of SARS-CoV-2, and why it should be read as a context-dependent range rather than a fixed constant.',
    language: 'en',
    tags: ['R0', 'transmission', 'epidemiological parameters', 'variants'],
    kind: 'article',
    body: [
      {
        type: 'paragraph',
        text: 'The basic reproduction number, R0, is the average number of secondary infections caused by one infectious person in a fully susceptible population without any control measures. It is not a fixed biological property of the virus: it depends on contact patterns, settings and behaviour as well as on the pathogen itself.',
      },
      { type: 'heading', level: 2, text: 'Estimates for the ancestral strain' },
      {
        type: 'paragraph',
        text: 'Analyses of the early Wuhan outbreak in January and February 2020 produced estimates mostly in the range of roughly 2 to 3, with some studies reporting higher values. Differences between studies reflect the data sources used, assumptions about the serial interval and reporting delays, and the period analysed.',
      },
      { type: 'heading', level: 2, text: 'Variants of concern' },
      {
        type: 'bullets',
        items: [
          'Alpha (B.1.1.7) and later Delta (B.1.617.2) were each estimated to be considerably more transmissible than the lineages they replaced.',
          'Omicron spread faster still in many settings, through a combination of higher intrinsic transmissibility and substantial escape from immunity induced by earlier infection or vaccination.',
          'Because population immunity grew over time, later variants are usually compared by their growth advantage rather than by R0 directly.',
        ],
      },
      { type: 'heading', level: 2, text: 'R0 versus the effective reproduction number' },
      {
        type: 'paragraph',
        text: 'The effective reproduction number, Rt, describes transmission at a given time after accounting for immunity and control measures; sustained Rt below 1 means case numbers decline. The simple herd-immunity threshold 1 − 1/R0 gives about 50–67% for an R0 between 2 and 3, but it ignores heterogeneity, waning immunity and new variants, so it should not be treated as a precise target.',
      },
      {
        type: 'bullets',
        items: [
          'Estimates are sensitive to the assumed generation interval.',
          'Under-ascertainment of mild cases and changes in testing can bias observed growth rates.',
          'Transmission is overdispersed: a minority of cases cause most secondary infections, so an average value hides superspreading events.',
        ],
      },
    ],
  },
  {
    groupSlug: 'vaccines',
    title: 'mRNA vaccine platforms',
    summary:
      'How mRNA vaccines such as BNT162b2 and mRNA-1273 work, what the clinical evidence showed, and the main strengths and limitations of the platform.',
    language: 'en',
    tags: ['mRNA', 'BNT162b2', 'mRNA-1273', 'lipid nanoparticle', 'vaccine safety'],
    kind: 'article',
    body: [
      {
        type: 'paragraph',
        text: 'mRNA vaccines deliver a synthetic messenger RNA that encodes an antigen; the recipient’s cells translate it into protein, which the immune system then learns to recognise. The two most widely used COVID-19 mRNA vaccines, BNT162b2 (Pfizer–BioNTech) and mRNA-1273 (Moderna), both encode a prefusion-stabilised form of the SARS-CoV-2 spike protein.',
      },
      { type: 'heading', level: 2, text: 'How the platform works' },
      {
        type: 'bullets',
        items: [
          'Nucleoside-modified mRNA, in which uridine is replaced by N1-methylpseudouridine, reduces innate immune sensing and increases protein expression.',
          'Lipid nanoparticles protect the mRNA and help it enter cells after intramuscular injection.',
          'Two proline substitutions (the “2P” modification) hold the spike in its prefusion conformation, which favours neutralising antibody responses.',
          'The mRNA is broken down within days; it does not enter the cell nucleus and does not alter the recipient’s DNA.',
        ],
      },
      { type: 'heading', level: 2, text: 'Clinical evidence' },
      {
        type: 'paragraph',
        text: 'In the large phase 3 trials reported in late 2020, both vaccines showed an efficacy of roughly 94–95% against symptomatic COVID-19 caused by the ancestral strain after two doses. In real-world use, protection against infection waned over months and fell further with Omicron, while protection against severe disease and death remained considerably higher, particularly after booster doses.',
      },
      { type: 'heading', level: 2, text: 'Strengths and limitations' },
      {
        type: 'bullets',
        items: [
          'Rapid design and manufacture: the encoded sequence can be updated quickly, as shown by the bivalent and later updated monovalent boosters.',
          'Early formulations required frozen or ultra-cold storage, which complicated distribution in many settings.',
          'Rare adverse events include anaphylaxis and myocarditis; myocarditis was reported mostly in young males after the second dose and was usually mild and self-limiting.',
        ],
      },
      {
        type: 'paragraph',
        text: 'The 2023 Nobel Prize in Physiology or Medicine was awarded to Katalin Karikó and Drew Weissman for their discoveries on nucleoside base modifications, which made effective mRNA vaccines possible.',
      },
    ],
  },
  {
    groupSlug: 'antiviral-drugs',
    title: 'Remdesivir: mechanism and evidence',
    summary:
      'Remdesivir is an intravenous nucleotide analogue that inhibits the SARS-CoV-2 RNA polymerase. Trial results suggest benefit mainly when it is given early, with little effect on mortality in patients who are already severely ill.',
    language: 'en',
    tags: ['remdesivir', 'RdRp', 'antiviral', 'clinical trials'],
    kind: 'article',
    body: [
      {
        type: 'paragraph',
        text: 'Remdesivir (GS-5734) is a nucleotide analogue prodrug developed by Gilead Sciences and previously studied against Ebola virus. In October 2020 it became the first drug to receive full US FDA approval for the treatment of COVID-19.',
      },
      { type: 'heading', level: 2, text: 'Mechanism of action' },
      {
        type: 'paragraph',
        text: 'Inside cells, remdesivir is converted into an active triphosphate that mimics adenosine triphosphate. The viral RNA-dependent RNA polymerase (nsp12) incorporates it into the growing RNA strand, and synthesis stalls a few nucleotides later, a process described as delayed chain termination. Because its oral bioavailability is poor, it is given by intravenous infusion.',
      },
      { type: 'heading', level: 2, text: 'Key trials' },
      {
        type: 'bullets',
        items: [
          'ACTT-1 (NIAID): in hospitalised patients, remdesivir shortened the median time to recovery compared with placebo, from about 15 to about 10 days.',
          'WHO Solidarity: remdesivir showed no significant effect on mortality in hospitalised patients overall, with a possible small benefit in those not yet on mechanical ventilation.',
          'PINETREE: a three-day course in high-risk, non-hospitalised patients reduced COVID-19-related hospitalisation or death by roughly 87% relative to placebo, in a largely unvaccinated population.',
        ],
      },
      { type: 'heading', level: 2, text: 'Practical considerations' },
      {
        type: 'bullets',
        items: [
          'Benefit appears greatest when treatment starts early in the course of illness, while viral replication dominates.',
          'Monitoring of liver enzymes and kidney function is commonly recommended during treatment.',
          'Recommendations differ between organisations and have changed over time, so the current WHO or national guideline should be checked before use.',
        ],
      },
    ],
  },
  {
    groupSlug: 'open-data-literature',
    title: 'JHU CSSE COVID-19 global case-count time series',
    summary:
      'An open GitHub dataset of confirmed COVID-19 cases and deaths by country and region, compiled by the Johns Hopkins University Center for Systems Science and Engineering from January 2020 until March 2023.',
    language: 'en',
    tags: ['dataset', 'case counts', 'time series', 'Johns Hopkins', 'open data'],
    kind: 'dataset',
    body: [
      {
        type: 'paragraph',
        text: 'The Johns Hopkins University Center for Systems Science and Engineering (CSSE) maintained one of the most widely cited open COVID-19 datasets, which also powered its public dashboard. Figures were aggregated from national and subnational health authorities, the WHO and other public sources, and published in a public GitHub repository. Regular updates ended on 10 March 2023.',
      },
      { type: 'heading', level: 2, text: 'Contents' },
      {
        type: 'bullets',
        items: [
          'Daily reports: one CSV file per day with cumulative counts for each location.',
          'Time series: wide-format CSV files of cumulative confirmed cases and deaths, both global and for US counties.',
          'Location metadata, including country or region, province or state, US FIPS codes, and latitude and longitude.',
        ],
      },
      { type: 'heading', level: 2, text: 'Licence and citation' },
      {
        type: 'paragraph',
        text: 'The data were released under the Creative Commons Attribution 4.0 International licence. Users are asked to cite Dong, Du and Gardner, “An interactive web-based dashboard to track COVID-19 in real time”, The Lancet Infectious Diseases, 2020.',
      },
      { type: 'heading', level: 2, text: 'Known limitations' },
      {
        type: 'bullets',
        items: [
          'Counts are cumulative; daily values obtained by differencing can be negative after retrospective corrections.',
          'Testing intensity, case definitions and reporting practices varied widely between countries and over time, so raw counts are not directly comparable.',
          'Weekend and holiday reporting effects create strong weekly cycles; seven-day rolling averages are usually applied.',
          'Recovery figures were incomplete and were later discontinued because many sources stopped reporting them.',
        ],
      },
      {
        type: 'paragraph',
        text: 'For surveillance after March 2023, users generally turn to the WHO COVID-19 dashboard data or to national public health agencies.',
      },
    ],
  },
  {
    groupSlug: 'diagnostics-testing',
    title: 'Upper respiratory specimen collection and handling for SARS-CoV-2 RT-PCR',
    summary: 'A step-by-step summary of common practice for collecting, storing and transporting nasopharyngeal swabs for SARS-CoV-2 RT-PCR testing.',
    language: 'en',
    tags: ['RT-PCR', 'specimen collection', 'nasopharyngeal swab', 'biosafety', 'laboratory'],
    kind: 'protocol',
    body: [
      {
        type: 'paragraph',
        text: 'This protocol summarises widely published guidance, such as that from the US CDC and WHO, on collecting and handling upper respiratory specimens for SARS-CoV-2 RT-PCR. Local laboratory procedures and biosafety regulations always take precedence.',
      },
      { type: 'heading', level: 2, text: 'Before collection' },
      {
        type: 'bullets',
        items: [
          'Wear personal protective equipment according to local policy: a respirator or medical mask, eye protection, gloves and a gown.',
          'Label the tube with at least two patient identifiers and the date and time of collection.',
          'Use synthetic-fibre swabs, such as flocked nylon or polyester, with plastic or wire shafts. Avoid calcium alginate swabs and wooden shafts, which may inactivate the virus or inhibit PCR.',
        ],
      },
      { type: 'heading', level: 2, text: 'Nasopharyngeal swab collection' },
      {
        type: 'bullets',
        items: [
          'Tilt the patient’s head back slightly and insert the swab through a nostril, parallel to the palate, until resistance is felt, roughly the distance from the nostril to the ear.',
          'Gently rub and roll the swab, leaving it in place for several seconds to absorb secretions.',
          'Withdraw slowly while rotating, place the tip in viral transport medium or another approved medium, break or cut the shaft, and close the cap tightly.',
        ],
      },
      { type: 'heading', level: 2, text: 'Storage and transport' },
      {
        type: 'bullets',
        items: [
          'Store specimens at 2–8 °C and test within about 72 hours of collection where possible.',
          'If longer delays are expected, freeze at −70 °C or below and avoid repeated freeze–thaw cycles.',
          'Ship as UN3373 Biological Substance, Category B, in triple packaging.',
        ],
      },
      {
        type: 'paragraph',
        text: 'Poor collection technique is a common cause of false-negative results. Assays that include a human internal control, such as the RNase P gene, help confirm adequate sampling, and negative results should be interpreted together with symptoms and exposure history.',
      },
    ],
  },
  {
    groupSlug: 'prevention-transmission',
    title: 'COVID-19 transmission: frequently asked questions',
    summary: 'Short answers to common questions about how SARS-CoV-2 spreads and which measures reduce the risk of transmission.',
    language: 'en',
    tags: ['FAQ', 'airborne transmission', 'ventilation', 'masks', 'asymptomatic infection'],
    kind: 'faq',
    body: [
      {
        type: 'paragraph',
        text: 'These answers reflect the scientific consensus as it stood in 2022–2023. Local advice may differ depending on the variants circulating and the level of community transmission.',
      },
      { type: 'heading', level: 2, text: 'How does SARS-CoV-2 spread?' },
      {
        type: 'paragraph',
        text: 'Mainly through respiratory particles of different sizes released when an infected person breathes, speaks, coughs or sings. The risk is highest at close range, but fine aerosols can remain in the air and cause infection over longer distances, especially in crowded, poorly ventilated indoor spaces. Both WHO and the US CDC explicitly acknowledged airborne transmission in 2021.',
      },
      { type: 'heading', level: 2, text: 'Can people without symptoms spread the virus?' },
      {
        type: 'paragraph',
        text: 'Yes. Infectiousness appears to peak around the time symptoms begin, and a substantial share of transmission comes from people who are presymptomatic or who never develop symptoms.',
      },
      { type: 'heading', level: 2, text: 'How important are contaminated surfaces?' },
      {
        type: 'paragraph',
        text: 'Transmission via surfaces is possible but is considered a minor route compared with inhalation. Regular hand hygiene and routine cleaning are still sensible, but intensive surface disinfection brings little additional benefit in most settings.',
      },
      { type: 'heading', level: 2, text: 'What reduces the risk of transmission?' },
      {
        type: 'bullets',
        items: [
          'Staying up to date with vaccination, which lowers the risk of severe disease and may reduce onward transmission.',
          'Improving ventilation and air filtration in shared indoor spaces.',
          'Wearing a well-fitting mask or respirator in crowded or high-risk settings.',
          'Staying home and testing when symptomatic, and avoiding close contact with people at high risk while infectious.',
        ],
      },
    ],
  },
  {
    groupSlug: 'long-covid',
    title: 'Long COVID (post COVID-19 condition): definitions and current understanding',
    summary: 'An overview of how long COVID is defined, its common symptoms, proposed mechanisms and the current approach to management.',
    language: 'en',
    tags: ['long COVID', 'post COVID-19 condition', 'fatigue', 'post-exertional malaise'],
    kind: 'article',
    body: [
      {
        type: 'paragraph',
        text: 'A substantial number of people experience symptoms that persist, or newly appear, for months after an acute SARS-CoV-2 infection. This condition, often called long COVID, can follow mild as well as severe illness and may significantly affect daily life and the ability to work.',
      },
      { type: 'heading', level: 2, text: 'Definitions' },
      {
        type: 'paragraph',
        text: 'The WHO clinical case definition, agreed through a Delphi consensus in 2021, describes post COVID-19 condition as symptoms that usually begin within three months of a probable or confirmed infection, last for at least two months, and cannot be explained by an alternative diagnosis. Other bodies, such as NICE in the United Kingdom, use different time thresholds, which is one reason why prevalence estimates vary.',
      },
      { type: 'heading', level: 2, text: 'Common symptoms' },
      {
        type: 'bullets',
        items: [
          'Fatigue and post-exertional malaise, a worsening of symptoms after physical or mental effort.',
          'Shortness of breath, chest discomfort and palpitations, sometimes with postural orthostatic tachycardia.',
          'Cognitive difficulties often described as “brain fog”, and sleep disturbance.',
          'Persistent loss or distortion of smell and taste.',
        ],
      },
      { type: 'heading', level: 2, text: 'How common is it, and why does it happen?' },
      {
        type: 'paragraph',
        text: 'Estimates of frequency differ widely depending on the definition, the population and whether an uninfected comparison group is used. Several studies suggest that vaccination is associated with a lower risk, and that the risk after Omicron infection is lower than after Delta. Proposed mechanisms, which are not mutually exclusive, include persistent viral material, immune dysregulation and autoimmunity, reactivation of latent viruses such as Epstein–Barr virus, and endothelial and clotting abnormalities.',
      },
      {
        type: 'paragraph',
        text: 'As of 2023 there is no approved specific treatment. Management focuses on symptoms and rehabilitation, including careful pacing for people with post-exertional malaise, often through multidisciplinary clinics.',
      },
    ],
  },
  {
    groupSlug: 'virology-genomics',
    title: '奥密克戎变异株的基因组特征与演化',
    summary: '概述奥密克戎（Omicron，B.1.1.529）变异株的发现过程、刺突蛋白突变特点和主要亚分支的演化，以及其对免疫逃逸和疫情防控的影响。',
    language: 'zh',
    tags: ['奥密克戎', '变异株', '刺突蛋白', '基因组监测'],
    kind: 'article',
    body: [
      {
        type: 'paragraph',
        text: '2021年11月，南非和博茨瓦纳的研究人员通过基因组监测发现了一种携带大量突变的新冠病毒变异株。世界卫生组织于2021年11月26日将其列为“关切的变异株”，命名为奥密克戎（Omicron），Pango谱系编号为B.1.1.529。此后短短数月内，奥密克戎便在全球范围内取代德尔塔，成为优势流行株。',
      },
      { type: 'heading', level: 2, text: '刺突蛋白突变特点' },
      {
        type: 'paragraph',
        text: '与原始毒株相比，奥密克戎BA.1在刺突蛋白上有30多个氨基酸改变，其中相当一部分位于受体结合域和N端结构域，而这两个区域正是多数中和抗体的主要结合靶点。',
      },
      {
        type: 'bullets',
        items: [
          'K417N、E484A、N501Y等受体结合域突变与抗体逃逸以及受体结合能力的改变有关。',
          'H655Y、N679K、P681H位于弗林蛋白酶切割位点附近，可能影响刺突蛋白的切割和病毒进入细胞的方式。',
          '实验研究提示，奥密克戎更多地通过内体途径进入细胞，对TMPRSS2依赖的膜融合途径利用较少，这可能与其在上呼吸道复制较多、在肺组织中复制相对较少有关。',
        ],
      },
      { type: 'heading', level: 2, text: '主要亚分支的演化' },
      {
        type: 'bullets',
        items: [
          'BA.1：最早引起全球大规模流行的亚分支。',
          'BA.2：2022年初在许多国家逐渐取代BA.1，传播优势进一步增强。',
          'BA.4和BA.5：2022年年中在多国流行，携带L452R、F486V等突变，免疫逃逸能力更强。',
          'XBB及其后代（如XBB.1.5）：由两个BA.2后代谱系重组产生，2023年在多个地区成为优势株。',
        ],
      },
      { type: 'heading', level: 2, text: '对疫情防控的影响' },
      {
        type: 'paragraph',
        text: '奥密克戎明显削弱了既往感染和疫苗接种对感染的保护作用，并使多数早期获批的单克隆抗体药物失去中和活性。不过，疫苗特别是加强针对重症和死亡仍保持较好的保护效果。总体而言，奥密克戎感染者的重症比例低于德尔塔，但这在一定程度上源于人群免疫水平的提高，其内在致病性的差异仍在研究之中。由于感染人数庞大，奥密克戎流行期间许多地区的医疗系统依然承受了巨大压力。',
      },
    ],
  },
  {
    groupSlug: 'traditional-chinese-medicine',
    title: '中医药参与新冠肺炎诊疗的实践与证据',
    summary: '介绍中国新冠诊疗方案中的中医药内容及常被提及的“三药三方”，并讨论现有临床证据的质量和局限。',
    language: 'zh',
    tags: ['中医药', '三药三方', '连花清瘟', '清肺排毒汤', '循证医学'],
    kind: 'article',
    body: [
      {
        type: 'paragraph',
        text: '新冠疫情暴发后，中医药在中国被广泛纳入新冠肺炎的诊疗过程。国家卫生健康委员会和国家中医药管理局发布的各版《新型冠状病毒肺炎诊疗方案（试行）》（2023年起更名为《新型冠状病毒感染诊疗方案》）均设有中医治疗部分，按医学观察期、临床治疗期和恢复期，针对不同临床分型给出辨证论治建议。',
      },
      { type: 'heading', level: 2, text: '“三药三方”' },
      {
        type: 'bullets',
        items: [
          '三药：金花清感颗粒、连花清瘟胶囊（颗粒）和血必净注射液。',
          '三方：清肺排毒汤、化湿败毒方和宣肺败毒方。',
          '其中，清肺排毒汤以《伤寒杂病论》中的麻杏石甘汤、射干麻黄汤、小柴胡汤和五苓散等经典方剂为基础组合而成。',
        ],
      },
      { type: 'heading', level: 2, text: '临床证据现状' },
      {
        type: 'paragraph',
        text: '现有临床研究多为观察性研究或规模较小的随机对照试验，部分研究报告了缩短症状持续时间、改善影像学表现或降低转为重症比例等结果。例如，一项在中国多中心开展的连花清瘟随机对照试验报告其可提高主要症状的恢复率，但在转为重症的比例和病毒核酸转阴方面未显示显著差异。',
      },
      {
        type: 'paragraph',
        text: '总体来看，相关研究普遍存在样本量有限、缺乏盲法、对照设计不统一、中药与常规治疗同时使用等问题，多项系统评价认为证据确定性较低。2022年世界卫生组织召开的专家评估会议报告认为，中医药可能对轻型和普通型患者有益，同时呼吁开展更高质量的研究。国际学术界对中药治疗新冠的疗效与安全性仍存在不同看法。',
      },
      { type: 'heading', level: 2, text: '使用注意事项' },
      {
        type: 'bullets',
        items: [
          '中药应在医师指导下辨证使用，不宜自行大量服用或长期预防性服用。',
          '注意中药与西药之间可能的相互作用，以及含麻黄等成分的方药对心血管疾病患者、孕妇等人群的影响。',
          '使用血必净注射液等中药注射剂时，需警惕过敏反应等不良事件。',
        ],
      },
    ],
  },
  {
    groupSlug: 'clinical-medicine',
    title: '新冠病毒感染的临床分型与重症早期识别',
    summary: '依据中国《新型冠状病毒感染诊疗方案（试行第十版）》，介绍临床分型、重症高危人群和成人重型的判断标准，帮助临床人员尽早识别病情进展。',
    language: 'zh',
    tags: ['临床分型', '重症识别', '高危人群', '诊疗方案'],
    kind: 'article',
    body: [
      {
        type: 'paragraph',
        text: '新冠病毒感染的临床表现差异很大，从无症状感染到危重症均可出现。奥密克戎流行以来，多数感染者表现为发热、咽干咽痛、咳嗽、肌肉酸痛和乏力等症状，少数患者会进展为肺炎甚至呼吸衰竭。准确分型并尽早识别重症风险，是合理分配医疗资源、降低病死率的关键。',
      },
      { type: 'heading', level: 2, text: '临床分型' },
      {
        type: 'bullets',
        items: [
          '轻型：以上呼吸道感染为主要表现，如咽干、咽痛、咳嗽、发热等。',
          '中型：持续高热超过3天或（和）咳嗽、气促等，但呼吸频率低于30次/分，静息状态下吸空气时指氧饱和度高于93%，影像学可见特征性新冠病毒感染肺炎表现。',
          '重型（成人）：符合下列任何一条且不能以新冠病毒感染以外的其他原因解释：出现气促，呼吸频率≥30次/分；静息状态下吸空气时指氧饱和度≤93%；动脉血氧分压与吸氧浓度之比≤300 mmHg；临床症状进行性加重，肺部影像学显示24至48小时内病灶明显进展超过50%。',
          '危重型：出现呼吸衰竭且需要机械通气，或出现休克，或合并其他器官功能衰竭需要ICU监护治疗。',
        ],
      },
      { type: 'heading', level: 2, text: '重症高危人群' },
      {
        type: 'bullets',
        items: [
          '65岁以上老年人，尤其是未全程接种疫苗者。',
          '患有心脑血管疾病、慢性肺部疾病、糖尿病、慢性肝肾疾病、肿瘤等基础疾病者。',
          '免疫功能缺陷者，如长期使用糖皮质激素或其他免疫抑制药物者。',
          '肥胖者、晚期妊娠和围产期女性以及重度吸烟者。',
        ],
      },
      { type: 'heading', level: 2, text: '重症早期预警指标' },
      {
        type: 'paragraph',
        text: '对于高危患者，应密切监测以下变化：低氧血症或呼吸窘迫进行性加重；组织氧合指标恶化或乳酸进行性升高；外周血淋巴细胞计数进行性降低，或白细胞介素-6、C反应蛋白、铁蛋白等炎症指标进行性上升；D-二聚体等凝血功能相关指标明显升高；胸部影像学显示肺部病变明显进展。出现上述情况时，应及时评估病情，必要时转诊至上级医院或重症监护病房。',
      },
    ],
  },
  {
    groupSlug: 'new-technology',
    title: 'Digital and AI tools in the COVID-19 response: what worked and what did not',
    summary:
      'A review of how genomics, structural biology, digital surveillance and machine learning were used during the pandemic, and the lessons learned from tools that underdelivered.',
    language: 'en',
    tags: ['artificial intelligence', 'digital health', 'wastewater surveillance', 'exposure notification'],
    kind: 'article',
    body: [
      {
        type: 'paragraph',
        text: 'The pandemic accelerated the use of digital technologies in research, surveillance and care. Results were mixed: some tools became lasting infrastructure, while others delivered less than early enthusiasm suggested.',
      },
      { type: 'heading', level: 2, text: 'Accelerating research' },
      {
        type: 'bullets',
        items: [
          'The first SARS-CoV-2 genome sequence was shared publicly in January 2020, enabling PCR assays and vaccine design within weeks.',
          'Cryo-electron microscopy resolved the structure of the prefusion spike protein by February 2020.',
          'Deep-learning structure prediction, including DeepMind’s AlphaFold, was used in 2020 to publish predicted structures of several poorly characterised viral proteins.',
          'Rapid genome sharing through GISAID and open analysis platforms such as Nextstrain made near-real-time tracking of variants possible.',
        ],
      },
      { type: 'heading', level: 2, text: 'Surveillance and care' },
      {
        type: 'bullets',
        items: [
          'Exposure-notification apps, many built on the Google and Apple framework using Bluetooth proximity, were deployed in dozens of countries; their impact depended heavily on uptake and on links to testing.',
          'Wastewater surveillance for SARS-CoV-2 RNA expanded widely and provided early signals of rising community transmission independent of clinical testing.',
          'Telemedicine and remote monitoring, including home pulse oximetry, supported patient care while limiting exposure.',
        ],
      },
      { type: 'heading', level: 2, text: 'Cautionary lessons' },
      {
        type: 'paragraph',
        text: 'Hundreds of machine-learning models for diagnosing COVID-19 or predicting outcomes from chest imaging and clinical data were published in 2020 and 2021. Systematic reviews, including a widely cited 2021 review in Nature Machine Intelligence, concluded that methodological flaws and biased datasets meant that few, if any, were ready for clinical use.',
      },
      {
        type: 'paragraph',
        text: 'Key lessons include the need for high-quality, representative data, external validation, strong privacy safeguards and evaluation against clear public health outcomes.',
      },
    ],
  },
];
