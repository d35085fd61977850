"""Plans built by hand: the seed (Sở Tài chính Sóc Trăng, 2021) and an unrelated second plan."""

from __future__ import annotations

from stc_thidua.views import (
    DocHeader,
    PartialDate,
    PlanDoc,
    Recipient,
    Section,
    Signer,
    Subsection,
)

SEED_PLAN = PlanDoc(
    header=DocHeader(
        parent_body="UBND TỈNH SÓC TRĂNG",
        agency="SỞ TÀI CHÍNH",
        number=None,
        symbol="KH-STC",
        place="Sóc Trăng",
        date=PartialDate(2021, 4, None),
    ),
    doc_type="KẾ HOẠCH",
    summary=("Phát động Phong trào thi đua “Sóc Trăng chung sức xây dựng nông thôn mới” năm 2021"),
    preamble=(
        "Thực hiện Kế hoạch số 50/KH-UBND ngày 09/4/2021 của Ủy ban nhân dân tỉnh Sóc Trăng "
        "phát động Phong trào thi đua “Sóc Trăng chung sức xây dựng nông thôn mới” năm 2021.",
        "Sở Tài chính xây dựng Kế hoạch phát động Phong trào thi đua, với những nội dung như sau:",
    ),
    sections=(
        Section(
            heading="MỤC ĐÍCH, YÊU CẦU",
            subsections=(
                Subsection(
                    heading="Mục đích",
                    paragraphs=(
                        "Phát huy tinh thần trách nhiệm, tính sáng tạo của mỗi tập thể, cá nhân, "
                        "tạo khí thế thi đua sôi nổi trong toàn cơ quan và toàn tỉnh; trọng tâm là "
                        "phấn đấu hoàn thành xuất sắc nhiệm vụ được giao trong xây dựng nông thôn "
                        "mới, góp phần thực hiện thắng lợi kế hoạch, chương trình hành động của "
                        "tỉnh và hoàn thành tốt các nhiệm vụ được giao trong năm 2021, hướng đến "
                        "mục tiêu hoàn thành chỉ tiêu chung của tỉnh (phấn đấu cuối năm 2021, có "
                        "55 xã đạt chuẩn nông thôn mới).",
                    ),
                ),
                Subsection(
                    heading="Yêu cầu",
                    paragraphs=(
                        "Phong trào thi đua phải được phát động và triển khai đến toàn thể công "
                        "chức và người lao động hưởng ứng, tham gia.",
                    ),
                ),
            ),
        ),
        Section(
            heading="NỘI DUNG PHONG TRÀO THI ĐUA",
            subsections=(
                Subsection(
                    heading="Nội dung Phong trào thi đua",
                    bullets=(
                        "Căn cứ chức năng, nhiệm vụ được giao, các tập thể và công chức thuộc Sở "
                        "Tài chính nghiên cứu, đề xuất các giải pháp đẩy nhanh tiến độ xây dựng "
                        "nông thôn mới gắn với Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn "
                        "mới, đô thị văn minh”.",
                        "Tuyên truyền tạo sự chuyển biến mạnh mẽ về nhận thức, tạo sự đồng thuận "
                        "của toàn xã hội, phát huy sức mạnh của cả hệ thống chính trị trong triển "
                        "khai, tổ chức thực hiện có hiệu quả Phong trào thi đua; phát động, khuyến "
                        "khích, tạo điều kiện thuận lợi đẩy nhanh tiến trình xây dựng nông thôn "
                        "mới; trong đó, chú trọng việc vận động, phát huy nội lực, tăng cường hoạt "
                        "động xã hội hóa xây dựng nông thôn mới.",
                        "Tiếp tục triển khai thực hiện các phong trào thi đua yêu nước trên các "
                        "lĩnh vực.",
                        "Theo dõi, tổng hợp và thực hiện việc sơ kết, tổng kết Phong trào thi đua; "
                        "phát hiện, biểu dương và nhân rộng những mô hình hay, cách làm mới; phát "
                        "hiện và đề xuất khen thưởng các điển hình tiên tiến, những tập thể, cá "
                        "nhân có thành tích xuất sắc trong thực hiện phong trào thi đua.",
                    ),
                ),
                Subsection(
                    heading="Thời gian thi đua",
                    paragraphs=("Phong trào thi đua được triển khai thực hiện đến hết năm 2021.",),
                ),
            ),
        ),
        Section(
            heading="TỔ CHỨC THỰC HIỆN",
            numbered=(
                "Căn cứ Kế hoạch này, Chánh Văn phòng, Chánh Thanh tra và Trưởng các phòng nghiệp "
                "vụ thuộc Sở phối hợp triển khai, phát động Phong trào thi đua đến toàn thể công "
                "chức thuộc phạm vi quản lý biết và thực hiện.",
                "Giao Văn phòng phối hợp với các Chánh Thanh tra và Trưởng các phòng nghiệp vụ "
                "thuộc Sở theo dõi, tổng hợp, báo cáo kết quả thực hiện Kế hoạch này; đồng thời, "
                "tham mưu, đề xuất khen thưởng những tập thể, cá nhân có thành tích xuất sắc trong "
                "thực hiện phong trào thi đua./.",
            ),
        ),
    ),
    recipients=(
        Recipient("Sở NN và PTNT", "(để biết)"),
        Recipient("Ban Thi đua KT tỉnh"),
        Recipient("Ban Giám đốc"),
        Recipient("Chánh VP, Chánh TT; Trưởng các phòng NV thuộc Sở"),
    ),
    archive="VP",
    signer=Signer(title="GIÁM ĐỐC", name="Dương Thị Kim Thúy"),
)

OTHER_PLAN = PlanDoc(
    header=DocHeader(
        parent_body="UBND thành phố Cần Thơ",
        agency="Sở Xây dựng",
        number=3,
        symbol="KH-SXD",
        place="Cần Thơ",
        date=PartialDate(2026, 1, 5),
    ),
    doc_type="Kế hoạch",
    summary="Tổ chức Phong trào thi đua “Xây dựng công trình an toàn, chất lượng” năm 2026",
    preamble=(
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Sở Xây dựng ban hành Kế hoạch tổ chức Phong trào thi đua như sau:",
    ),
    sections=(
        Section(
            heading="Mục tiêu",
            paragraphs=(
                "Nâng cao chất lượng công trình và bảo đảm an toàn lao động trên mọi công trường "
                "do Sở quản lý.",
            ),
            subsections=(
                Subsection(
                    heading="Chỉ tiêu",
                    bullets=(
                        "100% công trình được kiểm tra chất lượng trước khi nghiệm thu;",
                        "Không để xảy ra tai nạn lao động nghiêm trọng.",
                    ),
                ),
                Subsection(
                    heading="",
                    paragraphs=(
                        "Mỗi phòng chuyên môn đăng ký ít nhất một sáng kiến trong năm.",
                        "Kết quả đăng ký gửi về Văn phòng Sở trước ngày 31/01/2026.",
                    ),
                ),
            ),
        ),
        Section(
            heading="Khen thưởng",
            numbered=(
                "Tập thể tiêu biểu được đề nghị tặng Bằng khen của Ủy ban nhân dân thành phố.",
                "Cá nhân tiêu biểu được Giám đốc Sở tặng Giấy khen",
            ),
        ),
    ),
    recipients=(
        Recipient("Bộ Xây dựng", "(để báo cáo)"),
        Recipient("Ban Thi đua - Khen thưởng thành phố"),
        Recipient("Các phòng, đơn vị thuộc Sở"),
    ),
    archive="VT, VP",
    signer=Signer(
        title="Phó Giám đốc",
        name="Trần Văn An",
        prefix="KT.",
        prefix_title="Giám đốc",
    ),
)
